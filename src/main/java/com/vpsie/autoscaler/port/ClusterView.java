package com.vpsie.autoscaler.port;

import com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy;
import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pdb;
import com.vpsie.autoscaler.capacity.Pod;

import java.util.List;
import java.util.Optional;

/**
 * One read of the cluster through the cluster port: nodes, pods, NodeGroups, PodDisruptionBudgets,
 * the pod each DaemonSet would start on a new node, and the AutoscalerPolicy (null when there is none).
 */
public record ClusterView(List<Node> nodes, List<Pod> pods, List<NodeGroup> nodeGroups, List<Pdb> pdbs, List<Pod> daemonSets,
                          List<GatedPod> gated, AutoscalerPolicy policy) {
    public ClusterView {
        pdbs = pdbs == null ? List.of() : List.copyOf(pdbs);
        daemonSets = daemonSets == null ? List.of() : List.copyOf(daemonSets);
        gated = gated == null ? List.of() : List.copyOf(gated);
    }

    public ClusterView(List<Node> nodes, List<Pod> pods, List<NodeGroup> nodeGroups, List<Pdb> pdbs, List<Pod> daemonSets,
                       List<GatedPod> gated) {
        this(nodes, pods, nodeGroups, pdbs, daemonSets, gated, null);
    }

    public ClusterView(List<Node> nodes, List<Pod> pods, List<NodeGroup> nodeGroups, List<Pdb> pdbs, List<Pod> daemonSets) {
        this(nodes, pods, nodeGroups, pdbs, daemonSets, List.of());
    }

    /** This read with {@code p} as its AutoscalerPolicy. */
    public ClusterView withPolicy(AutoscalerPolicy p) {
        return new ClusterView(nodes, pods, nodeGroups, pdbs, daemonSets, gated, p);
    }

    public ClusterView(List<Node> nodes, List<Pod> pods, List<NodeGroup> nodeGroups) {
        this(nodes, pods, nodeGroups, List.of(), List.of(), List.of());
    }

    /**
     * A pending pod held by {@code spec.schedulingGates} (Kueue and others): not ready to be
     * scheduled, so never demand for a node. Listed in the plan with its gates.
     */
    public record GatedPod(String pod, List<String> gates) {
    }

    /** Nodes carrying the group's label: its current size. */
    public long members(String group) {
        return nodes.stream().filter(n -> group.equals(n.nodeGroup())).count();
    }

    public Optional<NodeGroup> group(String name) {
        return nodeGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
