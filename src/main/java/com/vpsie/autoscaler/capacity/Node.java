package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;

/**
 * What the planner needs to know of a Kubernetes node. {@code nodeGroup} is null for unmanaged nodes;
 * {@code notReadySince}, when it is not Ready, since when (null when Ready, or when the time is unknown);
 * {@code origin}, what it was made as (for drift and expiry).
 */
public record Node(String name, String nodeGroup, Map<String, String> labels, Map<String, String> annotations, List<Taint> taints,
                   Resources allocatable, boolean ready, boolean unschedulable, java.time.Instant notReadySince, Origin origin) {
    public static final String GROUP_LABEL = "autoscaler.vpsie.com/nodegroup";
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    public static final String SCALE_DOWN_DISABLED = "cluster-autoscaler.kubernetes.io/scale-down-disabled";
    /** On a pod or a node: no voluntary removal of the node (this project's name, and Karpenter's). */
    public static final List<String> DO_NOT_DISRUPT = List.of("autoscaler.vpsie.com/do-not-disrupt", "karpenter.sh/do-not-disrupt");

    public Node(String name, String nodeGroup, Map<String, String> labels, Map<String, String> annotations, List<Taint> taints,
                Resources allocatable, boolean ready, boolean unschedulable) {
        this(name, nodeGroup, labels, annotations, taints, allocatable, ready, unschedulable, null, Origin.UNKNOWN);
    }

    public Node(String name, String nodeGroup, Map<String, String> labels, Map<String, String> annotations, List<Taint> taints,
                Resources allocatable, boolean ready, boolean unschedulable, java.time.Instant notReadySince) {
        this(name, nodeGroup, labels, annotations, taints, allocatable, ready, unschedulable, notReadySince, Origin.UNKNOWN);
    }

    /**
     * What a node was made as: when ({@code metadata.creationTimestamp}), with which kubelet
     * ({@code status.nodeInfo.kubeletVersion}), and its machine's CPUs and memory as kubelet reports
     * its capacity; null and 0 when unknown.
     */
    public record Origin(java.time.Instant created, String kubeletVersion, long cpuMillis, long memoryBytes) {
        public static final Origin UNKNOWN = new Origin(null, null, 0, 0);
    }

    public Node {
        origin = origin == null ? Origin.UNKNOWN : origin;
        labels = labels == null ? Map.of() : labels instanceof NewNodeLabels ? labels : Map.copyOf(labels);  // already immutable
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        taints = taints == null ? List.of() : List.copyOf(taints);
    }

    public Node withUnschedulable(boolean cordoned) {
        return new Node(name, nodeGroup, labels, annotations, taints, allocatable, ready, cordoned, notReadySince, origin);
    }

    public Node withLabelsAndTaints(Map<String, String> newLabels, List<Taint> newTaints) {
        return new Node(name, newLabels.get(GROUP_LABEL), newLabels, annotations, newTaints, allocatable, ready, unschedulable, notReadySince, origin);
    }

    public Node withAnnotations(Map<String, String> notes) {
        return new Node(name, nodeGroup, labels, notes, taints, allocatable, ready, unschedulable, notReadySince, origin);
    }

    /** The node once its kubelet stopped saying Ready at {@code since}. */
    public Node notReady(java.time.Instant since) {
        return new Node(name, nodeGroup, labels, annotations, taints, allocatable, false, unschedulable, since, origin);
    }

    /** Whether the node's owner asked that it never be removed ({@value #SCALE_DOWN_DISABLED}: "true"). */
    public boolean scaleDownDisabled() {
        return "true".equals(annotations.get(SCALE_DOWN_DISABLED));
    }

    /** The do-not-disrupt annotation that says "true" among these, or null. */
    static String doNotDisrupt(Map<String, String> annotations) {
        return DO_NOT_DISRUPT.stream().filter(k -> "true".equals(annotations.get(k))).findFirst().orElse(null);
    }

    /** Whether a voluntary removal may take this node at all: neither scale-down-disabled nor do-not-disrupt. */
    public boolean removable() {
        return !scaleDownDisabled() && doNotDisrupt(annotations) == null;
    }

    /** Ready and not cordoned: the scheduler may place pods here. */
    public boolean acceptsPods() {
        return ready && !unschedulable;
    }

    /** The node's domain for a topology key; kubelet always sets the hostname label, so it is implied when missing. */
    public String domain(String topologyKey) {
        // Split by kind so that each lookup stays a direct call: the planner asks this for every node it tries,
        // and a call site that sees three map classes is dispatched through the vtable.
        String v = labels instanceof NewNodeLabels own ? own.get(topologyKey) : labels.get(topologyKey);
        return v == null && HOSTNAME_LABEL.equals(topologyKey) ? name : v;
    }
}
