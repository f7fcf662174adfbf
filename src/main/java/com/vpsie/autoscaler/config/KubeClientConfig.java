package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code kubernetes.client.*}: where the Kubernetes API is, outside a pod. The names are the ones
 * micronaut-kubernetes read, kept so existing kubeconfig settings (the Lambda template's
 * {@code KUBERNETES_CLIENT_KUBE_CONFIG_PATH}, {@code make run-kube}) keep working.
 *
 * @param kubeConfigPath a kubeconfig file; it must exist when given
 * @param basePath       the API server's URL, over the kubeconfig's or the pod's (tests point it at a stand-in)
 */
@ConfigurationProperties("kubernetes.client")
public record KubeClientConfig(@Nullable String kubeConfigPath, @Nullable String basePath) {

    /** What is wrong with a kubeconfig path that is given: said the same at start-up and where the client is built. */
    public static Optional<String> kubeconfigProblem(@Nullable String path) {
        if (path == null || path.isBlank() || Files.isRegularFile(Path.of(path))) {
            return Optional.empty();
        }
        return Optional.of("kubernetes.client.kube-config-path (KUBERNETES_CLIENT_KUBE_CONFIG_PATH): expected a kubeconfig file, got '"
                + path + "' (no such file)");
    }
}
