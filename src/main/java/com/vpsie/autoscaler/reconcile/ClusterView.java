package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pod;

import java.util.List;
import java.util.Optional;

/** One read of the cluster through the cluster port. */
public record ClusterView(List<Node> nodes, List<Pod> pods, List<NodeGroup> nodeGroups) {
    public Optional<NodeGroup> group(String name) {
        return nodeGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
