package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.Node;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a group's three records agree: VPSie's workers, the NodeGroup's status and the Kubernetes
 * Nodes. A worker VPSie lists that status does not know (an add whose answer was lost, or an
 * instance that died between the call and writing the answer) is taken into
 * {@code status.provisioning[]}: it fills an unconfirmed intent if there is one, and then either
 * joins and is labelled like any new node, or expires after {@code max-node-provision-time} and is
 * removed from VPSie. An unconfirmed intent (VPSie could not be asked whether its add happened)
 * for which VPSie lists no unknown worker did not happen, and leaves status. A Node of the group that is not Ready and whose VPSie worker is gone is
 * deleted. Runs under the group's Lease, at most every {@code autoscaler.reconcile.gc-interval}.
 */
@Singleton
public class GarbageCollector {
    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final GroupStatus status;
    private final ReconcileConfig config;
    private final Clock clock;
    private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();

    public GarbageCollector(ClusterPort cluster, VpsiePort vpsie, GroupStatus status, ReconcileConfig config, Clock clock) {
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.status = status;
        this.config = config;
        this.clock = clock;
    }

    /** What was reconciled, one reason each; empty when nothing disagreed or it is not yet time. */
    public List<String> collect(NodeGroup g, ClusterView view) {
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        Instant now = clock.instant();
        Instant last = lastRun.get(g.name());
        if (ref == null || ref.clusterId() == null || ref.nodeGroupId() == null
                || (last != null && now.isBefore(last.plus(config.getGcInterval())) && unconfirmed(g).isEmpty())) {
            return List.of();
        }
        lastRun.put(g.name(), now);
        List<VpsiePort.VpsieNode> all = vpsie.clusterNodes(ref.clusterId());
        if (all.stream().anyMatch(n -> n.groupId() == null)) {
            // VPSie did not say which group each worker is in: nothing can be attributed safely.
            return List.of();
        }
        List<VpsiePort.VpsieNode> workers = all.stream().filter(n -> ref.nodeGroupId().equals(n.groupId())).toList();
        List<String> reasons = new ArrayList<>();
        adoptUnknown(g, view, workers, now, reasons);
        deleteGone(g, view, workers, reasons);
        return reasons;
    }

    private static List<NodeGroup.Provisioning> unconfirmed(NodeGroup g) {
        return g.status().provisioningOrEmpty().stream().filter(p -> p.vpsieNodeId() == null && p.hostname() == null).toList();
    }

    private void adoptUnknown(NodeGroup g, ClusterView view, List<VpsiePort.VpsieNode> workers, Instant now, List<String> reasons) {
        Set<String> known = new HashSet<>();
        for (NodeGroup.Provisioning p : g.status().provisioningOrEmpty()) {
            Optional.ofNullable(p.vpsieNodeId()).ifPresent(known::add);
            Optional.ofNullable(p.hostname()).ifPresent(known::add);
        }
        for (NodeGroup.Draining d : g.status().drainingOrEmpty()) {
            known.add(d.node());
            Optional.ofNullable(d.vpsieNodeId()).ifPresent(known::add);
        }
        view.nodes().stream().filter(n -> g.name().equals(n.nodeGroup())).map(Node::name).forEach(known::add);
        List<VpsiePort.VpsieNode> unknown = workers.stream()
                .filter(w -> !known.contains(w.identifier()) && !known.contains(w.hostname())).toList();
        int unconfirmed = unconfirmed(g).size();
        if (unknown.isEmpty() && unconfirmed == 0) {
            return;
        }
        status.update(g.name(), s -> {
            List<NodeGroup.Provisioning> next = new ArrayList<>();
            List<VpsiePort.VpsieNode> left = new ArrayList<>(unknown);
            for (NodeGroup.Provisioning p : s.provisioningOrEmpty()) {
                if (p.vpsieNodeId() != null || p.hostname() != null) {
                    next.add(p);
                } else if (!left.isEmpty()) {
                    VpsiePort.VpsieNode w = left.remove(0);
                    next.add(new NodeGroup.Provisioning(p.id(), p.requestedAt(), w.identifier(), w.hostname()));
                }
                // else: VPSie lists no worker for this intent: the add did not happen; the plan asks again.
            }
            for (VpsiePort.VpsieNode w : left) {
                next.add(new NodeGroup.Provisioning("adopted-" + w.identifier(), now, w.identifier(), w.hostname()));
            }
            return s.withProvisioning(next);
        });
        int matched = Math.min(unconfirmed, unknown.size());
        if (!unknown.isEmpty()) {
            reasons.add("VPSie lists " + unknown.size() + " worker(s) status did not know ("
                    + String.join(", ", unknown.stream().map(VpsiePort.VpsieNode::hostname).toList()) + "): "
                    + matched + " matched unconfirmed add(s), " + (unknown.size() - matched)
                    + " taken in as provisioning; they join or are removed after the provision time");
        }
        if (unconfirmed > matched) {
            reasons.add((unconfirmed - matched) + " unconfirmed add(s) have no worker in VPSie: they did not happen and leave status");
        }
    }

    private void deleteGone(NodeGroup g, ClusterView view, List<VpsiePort.VpsieNode> workers, List<String> reasons) {
        Set<String> hostnames = new HashSet<>();
        workers.forEach(w -> hostnames.add(w.hostname()));
        Set<String> draining = new HashSet<>();
        g.status().drainingOrEmpty().forEach(d -> draining.add(d.node()));
        for (Node n : view.nodes()) {
            if (g.name().equals(n.nodeGroup()) && !n.ready() && !hostnames.contains(n.name()) && !draining.contains(n.name())) {
                cluster.deleteNode(n.name());
                cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Normal, "DeletedNodeGone",
                        "deleted node " + n.name() + ": NotReady and its VPSie worker no longer exists"));
                reasons.add("deleted node " + n.name() + ": NotReady and its VPSie worker is gone");
            }
        }
    }
}
