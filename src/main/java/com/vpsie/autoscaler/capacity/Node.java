package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;

/** What the planner needs to know of a Kubernetes node. {@code nodeGroup} is null for unmanaged nodes. */
public record Node(String name, String nodeGroup, Map<String, String> labels, List<Taint> taints,
                   Resources allocatable, boolean ready, boolean unschedulable) {
    public static final String GROUP_LABEL = "autoscaler.vpsie.com/nodegroup";

    public Node {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
    }

    /** Ready and not cordoned: the scheduler may place pods here. */
    public boolean acceptsPods() {
        return ready && !unschedulable;
    }
}
