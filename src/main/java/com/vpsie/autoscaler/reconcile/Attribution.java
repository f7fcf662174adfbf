package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.port.VpsiePort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which node group each worker of one VPSie cluster belongs to. No VPSie answer says, so it comes
 * from our own records only: the worker is in a group's {@code status.provisioning[]} or
 * {@code status.draining[]} (by identifier, or by hostname without case), or its Kubernetes Node
 * carries the group label we put on it. Masters are never anyone's. What is left is unclaimed.
 *
 * @param owners    group name → the workers it owns
 * @param unclaimed workers no record names
 */
record Attribution(Map<String, List<VpsiePort.VpsieNode>> owners, List<VpsiePort.VpsieNode> unclaimed) {

    /** {@code groups}: the NodeGroups of one VPSie cluster; {@code listing}: that cluster's nodes as VPSie lists them. */
    static Attribution of(List<NodeGroup> groups, List<Node> nodes, List<VpsiePort.VpsieNode> listing) {
        Map<String, List<VpsiePort.VpsieNode>> owners = new LinkedHashMap<>();
        List<VpsiePort.VpsieNode> unclaimed = new ArrayList<>();
        for (VpsiePort.VpsieNode w : listing) {
            if (w.master()) {
                continue;
            }
            Optional<String> owner = groups.stream().filter(g -> records(g, w)).map(NodeGroup::name).findFirst()
                    .or(() -> labelledOwner(groups, nodes, w));
            owner.ifPresentOrElse(o -> owners.computeIfAbsent(o, k -> new ArrayList<>()).add(w), () -> unclaimed.add(w));
        }
        return new Attribution(owners, unclaimed);
    }

    /** Whether a group's status names the worker: being added, or being drained. */
    static boolean records(NodeGroup g, VpsiePort.VpsieNode w) {
        return g.status().provisioningOrEmpty().stream().anyMatch(p -> p.is(w.identifier(), w.hostname()))
                || g.status().drainingOrEmpty().stream().anyMatch(d -> d.vpsieNodeId() != null && d.vpsieNodeId().equals(w.identifier())
                || d.node().equalsIgnoreCase(w.hostname()));
    }

    private static Optional<String> labelledOwner(List<NodeGroup> groups, List<Node> nodes, VpsiePort.VpsieNode w) {
        return nodes.stream().filter(n -> n.nodeGroup() != null && n.name().equalsIgnoreCase(w.hostname()))
                .map(Node::nodeGroup).filter(name -> groups.stream().anyMatch(g -> g.name().equals(name))).findFirst();
    }

    /** The NodeGroups that provision in the same VPSie cluster as {@code g}, {@code g} included. */
    static List<NodeGroup> peers(NodeGroup g, List<NodeGroup> all) {
        String cluster = g.spec().vpsie() == null ? null : g.spec().vpsie().clusterId();
        return all.stream().filter(x -> x.spec().vpsie() != null && cluster != null && cluster.equals(x.spec().vpsie().clusterId())).toList();
    }

    /** Intents whose worker is not identified yet: the listing may still show it. */
    static List<NodeGroup.Provisioning> unidentified(NodeGroup g) {
        return g.status().provisioningOrEmpty().stream().filter(p -> !p.identified()).toList();
    }
}
