package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code kubernetes.client.*}: where the Kubernetes API is, outside a pod. The names are the ones
 * micronaut-kubernetes read, kept so existing kubeconfig settings (the Lambda template's
 * {@code KUBERNETES_CLIENT_KUBE_CONFIG_PATH}, {@code make run-kube}) keep working.
 *
 * @param kubeConfigPath a kubeconfig file; it must exist when given
 * @param basePath       the API server's URL, over the kubeconfig's or the pod's (tests point it at a stand-in)
 */
@Context
@ConfigurationProperties("kubernetes.client")
public record KubeClientConfig(@Nullable String kubeConfigPath, @Nullable String basePath) {
}
