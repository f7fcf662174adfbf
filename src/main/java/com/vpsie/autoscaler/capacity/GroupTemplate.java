package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;

/**
 * A node group as the planner sees it: bounds, what a new node of it would look like, and what it
 * already has. {@code floor} is the lowest size allowed right now: {@code minNodes}, or a manual
 * target that is still held.
 */
public record GroupTemplate(String name, int minNodes, int maxNodes, int floor, int maxNodesPerStep,
                            Map<String, String> labels, List<Taint> taints, Resources allocatable,
                            int provisioningNodes) {
    public GroupTemplate {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
    }

    /** The node a new member of this group would be, for predicate checks. */
    public Node newNode(String name) {
        return new Node(name, this.name, labels, taints, allocatable, true, false);
    }
}
