package com.vpsie.autoscaler.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The parts of Kubernetes v1 objects the autoscaler reads, in the JSON shape {@code kubectl get -o json}
 * prints. Unknown fields are ignored so real output pastes in.
 */
public final class KubeObjects {
    private KubeObjects() {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ObjectMeta(@Nullable String name, @Nullable String namespace, @Nullable String resourceVersion,
                             @Nullable Map<String, String> labels, @Nullable Map<String, String> annotations,
                             @Nullable List<OwnerReference> ownerReferences) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OwnerReference(@Nullable String kind, @Nullable String name, @Nullable Boolean controller) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Taint(@Nullable String key, @Nullable String value, @Nullable String effect) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Condition(@Nullable String type, @Nullable String status) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Node(@Nullable ObjectMeta metadata, @Nullable NodeSpec spec, @Nullable NodeStatus status) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeSpec(@Nullable Boolean unschedulable, @Nullable List<Taint> taints, @Nullable String providerID) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeStatus(@Nullable Map<String, String> allocatable, @Nullable Map<String, String> capacity,
                             @Nullable List<Condition> conditions) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pod(@Nullable ObjectMeta metadata, @Nullable PodSpec spec, @Nullable PodStatus status) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodSpec(@Nullable String nodeName, @Nullable Map<String, String> nodeSelector,
                          @Nullable List<Toleration> tolerations, @Nullable List<Container> containers,
                          @Nullable List<Container> initContainers, @Nullable Map<String, String> overhead) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Toleration(@Nullable String key, @Nullable String operator, @Nullable String value, @Nullable String effect) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Container(@Nullable String name, @Nullable ResourceRequirements resources) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResourceRequirements(@Nullable Map<String, String> requests, @Nullable Map<String, String> limits) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodStatus(@Nullable String phase) {
    }

    /** A NodeGroup custom resource as stored: metadata, spec, status. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeGroupObject(@Nullable String apiVersion, @Nullable String kind, @Nullable ObjectMeta metadata,
                                  @Nullable com.vpsie.autoscaler.reconcile.NodeGroup.Spec spec,
                                  @Nullable com.vpsie.autoscaler.reconcile.NodeGroup.Status status) {
    }
}
