package com.vpsie.autoscaler.capacity;

import java.util.List;

/** One consistent read of the cluster: nodes, pods, and the managed node groups. */
public record ClusterSnapshot(List<Node> nodes, List<Pod> pods, List<GroupTemplate> groups) {
    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        groups = List.copyOf(groups);
    }
}
