package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.config.KubeClientConfig;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The connection to the Kubernetes API, from client-java's own {@link ClientBuilder}: the kubeconfig
 * at {@code kubernetes.client.kube-config-path} when given, else client-java's standard order
 * ({@code $KUBECONFIG}, {@code ~/.kube/config}, the pod's service account), then
 * {@code kubernetes.client.base-path} over it. Built here rather than by micronaut-kubernetes, whose
 * client module made a bean definition for every API group at each start (112 of them) and
 * registered every client-java model for reflection in the native image; this function speaks JSON
 * through {@link KubeApi} and needs neither.
 */
@Factory
@Requires(property = KubernetesCluster.MODE, value = "kubernetes", defaultValue = "kubernetes")
public class KubeConnection {
    /** Where a pod's service account keeps its namespace. */
    static final Path POD_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    @Singleton
    ApiClient apiClient(KubeClientConfig config) {
        try {
            ClientBuilder builder;
            KubeClientConfig.kubeconfigProblem(config.kubeConfigPath()).ifPresent(problem -> {
                throw new IllegalStateException(problem);
            });
            if (config.kubeConfigPath() != null && !config.kubeConfigPath().isBlank()) {
                Path file = Path.of(config.kubeConfigPath());
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    KubeConfig kubeconfig = KubeConfig.loadKubeConfig(in);
                    kubeconfig.setFile(file.toFile());
                    builder = ClientBuilder.kubeconfig(kubeconfig);
                }
            } else {
                builder = ClientBuilder.standard();
            }
            if (config.basePath() != null && !config.basePath().isBlank()) {
                builder.setBasePath(config.basePath());
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("the Kubernetes API client: " + e.getMessage(), e);
        }
    }

    /** The pod's own namespace and name, when this runs in one (its service account is mounted). */
    @Singleton
    InPod inPod() {
        if (System.getenv("KUBERNETES_SERVICE_HOST") == null || !Files.isRegularFile(POD_NAMESPACE)) {
            return new InPod(Optional.empty(), Optional.empty());
        }
        Optional<String> podName = Optional.ofNullable(System.getenv("HOSTNAME")).filter(s -> !s.isBlank());
        try {
            return new InPod(Optional.of(Files.readString(POD_NAMESPACE).strip()).filter(s -> !s.isEmpty()), podName);
        } catch (IOException e) {
            return new InPod(Optional.empty(), podName);
        }
    }

    /** What a pod knows of itself: its namespace and name (its hostname). */
    public record InPod(Optional<String> namespace, Optional<String> podName) {
    }
}
