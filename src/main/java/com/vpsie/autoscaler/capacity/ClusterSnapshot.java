package com.vpsie.autoscaler.capacity;

import java.util.List;

/**
 * One consistent read of the cluster: nodes, pods, the managed node groups, PodDisruptionBudgets,
 * and the pod template of each DaemonSet (what would start on a new node).
 */
public record ClusterSnapshot(List<Node> nodes, List<Pod> pods, List<GroupTemplate> groups, List<Pdb> pdbs,
                              List<Pod> daemonSets) {
    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        groups = List.copyOf(groups);
        pdbs = pdbs == null ? List.of() : List.copyOf(pdbs);
        daemonSets = daemonSets == null ? List.of() : List.copyOf(daemonSets);
    }

    /** How many nodes each managed group has now. */
    public java.util.Map<String, Integer> membersPerGroup() {
        java.util.Map<String, Integer> m = new java.util.HashMap<>();
        for (Node n : nodes) {
            if (n.nodeGroup() != null) {
                m.merge(n.nodeGroup(), 1, Integer::sum);
            }
        }
        return m;
    }

    public ClusterSnapshot(List<Node> nodes, List<Pod> pods, List<GroupTemplate> groups) {
        this(nodes, pods, groups, List.of(), List.of());
    }
}
