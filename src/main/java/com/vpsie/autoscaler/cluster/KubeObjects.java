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
                             @Nullable List<OwnerReference> ownerReferences, @Nullable String uid, @Nullable String deletionTimestamp,
                             @Nullable String creationTimestamp) {
        @io.micronaut.core.annotation.Creator
        public ObjectMeta {
        }

        public ObjectMeta(@Nullable String name, @Nullable String namespace, @Nullable String resourceVersion,
                          @Nullable Map<String, String> labels, @Nullable Map<String, String> annotations,
                          @Nullable List<OwnerReference> ownerReferences) {
            this(name, namespace, resourceVersion, labels, annotations, ownerReferences, null, null, null);
        }

        /** Metadata of an object the adapter creates: a name in a namespace, nothing else. */
        public static ObjectMeta named(String name, String namespace) {
            return new ObjectMeta(name, namespace, null, null, null, null);
        }
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
    public record Condition(@Nullable String type, @Nullable String status, @Nullable String lastTransitionTime) {
        public Condition(@Nullable String type, @Nullable String status) {
            this(type, status, null);
        }

        @io.micronaut.core.annotation.Creator
        public Condition {
        }
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
                             @Nullable List<Condition> conditions, @Nullable NodeInfo nodeInfo) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeInfo(@Nullable String kubeletVersion) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pod(@Nullable ObjectMeta metadata, @Nullable PodSpec spec, @Nullable PodStatus status) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodSpec(@Nullable String nodeName, @Nullable Map<String, String> nodeSelector,
                          @Nullable List<Toleration> tolerations, @Nullable List<Container> containers,
                          @Nullable List<Container> initContainers, @Nullable Map<String, String> overhead,
                          @Nullable Affinity affinity, @Nullable List<TopologySpreadConstraint> topologySpreadConstraints,
                          @Nullable List<Volume> volumes, @Nullable List<SchedulingGate> schedulingGates,
                          @Nullable Long terminationGracePeriodSeconds) {
    }

    /** {@code spec.schedulingGates[]} (GA in Kubernetes 1.30): while any is there, the pod is not ready to be scheduled. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchedulingGate(@Nullable String name) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Affinity(@Nullable NodeAffinity nodeAffinity, @Nullable PodAntiAffinity podAntiAffinity) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeAffinity(@Nullable NodeSelector requiredDuringSchedulingIgnoredDuringExecution) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeSelector(@Nullable List<NodeSelectorTerm> nodeSelectorTerms) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeSelectorTerm(@Nullable List<Requirement> matchExpressions) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Requirement(@Nullable String key, @Nullable String operator, @Nullable List<String> values) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LabelSelector(@Nullable Map<String, String> matchLabels, @Nullable List<Requirement> matchExpressions) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodAntiAffinity(@Nullable List<PodAffinityTerm> requiredDuringSchedulingIgnoredDuringExecution) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodAffinityTerm(@Nullable LabelSelector labelSelector, @Nullable String topologyKey, @Nullable List<String> namespaces) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TopologySpreadConstraint(@Nullable Integer maxSkew, @Nullable String topologyKey, @Nullable String whenUnsatisfiable,
                                           @Nullable LabelSelector labelSelector, @Nullable Integer minDomains) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Volume(@Nullable String name, @Nullable EmptyDir emptyDir, @Nullable HostPath hostPath) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EmptyDir(@Nullable String medium) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HostPath(@Nullable String path) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContainerPort(@Nullable Integer containerPort, @Nullable Integer hostPort, @Nullable String protocol,
                                @Nullable String hostIP) {
    }

    /** A DaemonSet: only its pod template matters (what would start on every new node it selects). */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DaemonSet(@Nullable ObjectMeta metadata, @Nullable DaemonSetSpec spec) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DaemonSetSpec(@Nullable PodTemplate template) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodTemplate(@Nullable ObjectMeta metadata, @Nullable PodSpec spec) {
    }

    /** {@code minAvailable}/{@code maxUnavailable} are int-or-string ("50%"), hence Object. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodDisruptionBudget(@Nullable ObjectMeta metadata, @Nullable PdbSpec spec, @Nullable PdbStatus status) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PdbSpec(@Nullable LabelSelector selector, @Nullable Object minAvailable, @Nullable Object maxUnavailable) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PdbStatus(@Nullable Integer disruptionsAllowed) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Toleration(@Nullable String key, @Nullable String operator, @Nullable String value, @Nullable String effect) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Container(@Nullable String name, @Nullable ResourceRequirements resources, @Nullable List<ContainerPort> ports) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResourceRequirements(@Nullable Map<String, String> requests, @Nullable Map<String, String> limits) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodStatus(@Nullable String phase, @Nullable String nominatedNodeName) {
    }

    /** A NodeGroup custom resource as stored: metadata, spec, status. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeGroupObject(@Nullable String apiVersion, @Nullable String kind, @Nullable ObjectMeta metadata,
                                  @Nullable com.vpsie.autoscaler.apis.v1alpha1.NodeGroup.Spec spec,
                                  @Nullable com.vpsie.autoscaler.apis.v1alpha1.NodeGroup.Status status) {
    }

    /** An AutoscalerPolicy as the API server stores it. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PolicyObject(@Nullable String apiVersion, @Nullable String kind, @Nullable ObjectMeta metadata,
                               @Nullable com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy.Spec spec) {
    }
}
