package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.BlockedNode;
import com.vpsie.autoscaler.capacity.Blocker;
import com.vpsie.autoscaler.capacity.DrainRules;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.config.DrainConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;
import com.vpsie.autoscaler.port.VpsiePort;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes nodes out of a group the way the Cluster Autoscaler does: cordon, evict each pod through
 * the Eviction API (a PodDisruptionBudget's 429 means wait and ask again), wait for the pods to
 * stop, remove the VPSie worker, delete the Node (only once VPSie confirms the worker removed or gone). Each step is written to {@code status.draining[]}
 * before it is taken, so {@link #recover} can finish or roll back what a dead instance left.
 * Runs while the caller holds the group's Lease, and renews it between rounds.
 */
@Singleton
public class Drainer {
    private static final Logger LOG = LoggerFactory.getLogger(Drainer.class);

    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final GroupLease lease;
    private final GroupStatus status;
    private final DrainConfig config;
    private final GroupMetrics metrics;
    private final Clock clock;

    public Drainer(ClusterPort cluster, VpsiePort vpsie, GroupLease lease, GroupStatus status, DrainConfig config, GroupMetrics metrics,
                   Clock clock) {
        this.metrics = metrics;
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.lease = lease;
        this.status = status;
        this.config = config;
        this.clock = clock;
    }

    /** Which nodes went, which were kept (uncordoned, each with what kept it), and the sentences of every step. */
    public record Outcome(List<String> removed, List<BlockedNode> kept, List<String> reasons) {
    }

    /**
     * Drains and removes each node in turn; a node whose drain cannot finish in its time is
     * uncordoned and kept. When the reconcile's own time ({@code until}) runs out first, the drain
     * stays recorded at its step and the next reconcile goes on with it ({@link #recover}).
     */
    public Outcome drain(NodeGroup group, List<String> nodes, String why, Instant until) {
        List<String> removed = new ArrayList<>();
        List<BlockedNode> kept = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String node : nodes) {
            if (!clock.instant().isBefore(until)) {
                reasons.add("node " + node + " not drained: the reconcile's time (autoscaler.reconcile.timeout) is used up");
                continue;
            }
            Instant started = clock.instant();
            NodeGroup.Draining entry = new NodeGroup.Draining(node, started, NodeGroup.DrainStep.CORDONING, null, why);
            status.update(group.name(), s -> s.withDraining(replace(s.drainingOrEmpty(), entry)));
            cluster.setUnschedulable(node, true);
            step(group, entry.at(NodeGroup.DrainStep.EVICTING));
            proceed(group, entry, until, removed, kept, reasons);
        }
        return new Outcome(removed, kept, reasons);
    }

    /** Evicts, then removes the node, keeps it (rolled back), or leaves it for the next reconcile. */
    private void proceed(NodeGroup group, NodeGroup.Draining entry, Instant until, List<String> removed, List<BlockedNode> kept,
                         List<String> reasons) {
        String node = entry.node();
        Instant drainDeadline = entry.startedAt().plus(config.maxGracefulTermination());
        Evicted e = evictAll(group, node, drainDeadline.isBefore(until) ? drainDeadline : until);
        if (e.done()) {
            if (finish(group, entry.at(NodeGroup.DrainStep.REMOVING_FROM_VPSIE))) {
                removed.add(node);
                reasons.add("node " + node + " drained and removed (" + entry.reason() + ")");
            } else {
                reasons.add("node " + node + " drained, but its VPSie worker cannot be identified: kept cordoned, not deleted");
            }
        } else if (e.why() != null && (drainDeadline.isBefore(until) || e.giveUp())) {
            rollBack(group, node, e.why().message());
            kept.add(new BlockedNode(node, e.why()));
            reasons.add("node " + node + " kept: " + e.why().message());
        } else {
            reasons.add("drain of " + node + " goes on at the next reconcile (" + e.left() + " pod(s) left; cordoned, recorded in status)");
        }
    }

    /**
     * Settles drains a previous instance left in status: past the point of no return (the VPSie
     * worker is being removed) they are finished; before it, the node is uncordoned and kept, and
     * the next plan decides again with fresh numbers.
     */
    public List<String> recover(NodeGroup group, Instant until) {
        List<String> reasons = new ArrayList<>();
        Instant now = clock.instant();
        for (NodeGroup.Draining d : group.status().drainingOrEmpty()) {
            if (d.step() == NodeGroup.DrainStep.REMOVING_FROM_VPSIE || d.step() == NodeGroup.DrainStep.DELETING_NODE) {
                reasons.add(finish(group, d) ? "finished the removal of " + d.node() + " that an earlier run left at " + d.step()
                        : "removal of " + d.node() + " waits: its VPSie worker cannot be identified (node kept cordoned)");
            } else if (d.step() == NodeGroup.DrainStep.EVICTING && now.isBefore(d.startedAt().plus(config.maxGracefulTermination()))) {
                // Within its drain time: go on evicting where the earlier run (this instance's or a dead one's) stopped.
                List<String> removed = new ArrayList<>();
                proceed(group, d, until, removed, new ArrayList<>(), reasons);
            } else {
                rollBack(group, d.node(), "an earlier drain stopped at " + d.step() + " and is past its time; node uncordoned, the plan decides again");
                reasons.add("rolled back the drain of " + d.node() + " that an earlier run left at " + d.step());
            }
        }
        return reasons;
    }

    /** How an eviction round ended: all gone, or not (with what stopped it), how many pods were left, and whether to give up now. */
    private record Evicted(boolean done, Blocker why, int left, boolean giveUp) {
    }

    /** Evicts until no evictable pod is left, or the deadline comes, or another replica takes the Lease. */
    private Evicted evictAll(NodeGroup group, String node, Instant deadline) {
        java.util.Set<String> there = new java.util.HashSet<>();
        evictable(node).forEach(p -> there.add(p.key()));
        while (true) {
            List<Pod> left = evictable(node);
            if (left.isEmpty()) {
                return new Evicted(true, null, 0, false);
            }
            List<String> arrived = left.stream().map(Pod::key).filter(k -> !there.contains(k)).toList();
            if (!arrived.isEmpty()) {
                // Someone placed work on the node after it was cordoned (bound by name, or tolerating
                // the cordon): it is wanted there, so the node stays.
                return new Evicted(false, new Blocker(Blocker.Code.POD_ARRIVED_DURING_DRAIN, node,
                        "pod(s) " + String.join(", ", arrived) + " arrived on it while it was being drained"), left.size(), true);
            }
            List<String> refused = new ArrayList<>();
            for (Pod p : left) {
                // A pod already terminating is asked again: harmless, and it tells a stuck one from a slow one.
                ClusterPort.Eviction answer = cluster.evict(p.namespace(), p.name());
                metrics.eviction(group.name(), answer);
                if (answer == ClusterPort.Eviction.DENIED) {
                    return new Evicted(false, new Blocker(Blocker.Code.EVICTION_DENIED, p.key(), "eviction of " + p.key()
                            + " denied by the API server (an admission policy); the node is kept"), left.size(), true);
                }
                if (answer.worthRetrying()) {
                    refused.add(p.key());
                }
            }
            if (evictable(node).isEmpty()) {
                return new Evicted(true, null, 0, false);
            }
            if (!clock.instant().isBefore(deadline)) {
                return new Evicted(false, refused.isEmpty()
                        ? new Blocker(Blocker.Code.PODS_DID_NOT_STOP, node, left.size() + " pod(s) did not stop within " + config.maxGracefulTermination())
                        : new Blocker(Blocker.Code.EVICTION_REFUSED_TOO_LONG, String.join(", ", refused), "eviction of " + String.join(", ", refused)
                        + " refused (PodDisruptionBudget, or the API server busy) for " + config.maxGracefulTermination()), left.size(), false);
            }
            pause();
            if (lease.acquire(group.name()) instanceof LockAnswer.HeldBy other) {
                return new Evicted(false, new Blocker(Blocker.Code.LEASE_LOST, group.name(), "lost the lease of " + group.name() + " to "
                        + other.holder()), left.size(), true);
            }
        }
    }

    /** Pods the drain must see gone: those the drain rules do not let go with the node. */
    private List<Pod> evictable(String node) {
        return cluster.podsOn(node).stream().filter(DrainRules::mustMove).toList();
    }

    /**
     * Removes the node's VPSie worker, then the Node: never the other way round, and never the Node
     * alone while the worker may still run and bill. The worker is the one recorded, else the one
     * VPSie lists under the node's name (without case). When neither names it and the Node is still
     * Ready (its machine is running somewhere), the drain stops here: the node stays cordoned and
     * recorded, and a condition, a metric and a Warning Event say so; each reconcile tries again.
     *
     * @return whether the node is gone
     */
    private boolean finish(NodeGroup group, NodeGroup.Draining d) {
        NodeGroup.VpsieRef ref = group.spec().vpsie();
        String id = d.vpsieNodeId();
        if (id == null) {
            id = VpsiePort.workerNamed(vpsie.clusterNodes(ref.clusterId()), d.node()).map(VpsiePort.VpsieNode::identifier).orElse(null);
        }
        NodeGroup.Draining removing = new NodeGroup.Draining(d.node(), d.startedAt(), NodeGroup.DrainStep.REMOVING_FROM_VPSIE, id, d.reason());
        step(group, removing);
        if (id == null) {
            boolean machineRuns = cluster.read().nodes().stream().anyMatch(n -> n.name().equals(d.node()) && n.ready());
            if (machineRuns) {
                unidentified(group, d.node());
                return false;
            }
            LOG.info("node {} is NotReady and VPSie lists no worker by its name: its machine is gone; deleting the Node", d.node());
        } else if (!vpsie.removeNode(ref.clusterId(), id)) {
            LOG.info("VPSie worker {} of node {} was already gone", id, d.node());
        }
        step(group, removing.at(NodeGroup.DrainStep.DELETING_NODE));
        cluster.deleteNode(d.node());
        Instant now = clock.instant();
        status.update(group.name(), s -> {
            NodeGroup.Status next = s.withDraining(without(s.drainingOrEmpty(), d.node())).withLastScaleDownTime(now);
            boolean stuck = next.drainingOrEmpty().stream().anyMatch(x -> x.step() == NodeGroup.DrainStep.REMOVING_FROM_VPSIE && x.vpsieNodeId() == null);
            return !stuck && s.condition(WORKER_UNIDENTIFIED).map(NodeGroup.Condition::isTrue).orElse(false)
                    ? next.withCondition(new NodeGroup.Condition(WORKER_UNIDENTIFIED, "False", "Identified", null, now)) : next;
        });
        cluster.record(ClusterEvent.onGroup(group, ClusterEvent.Type.Normal, "ScaleDown",
                "removed node " + d.node() + (d.reason() == null ? "" : ": " + d.reason())));
        return true;
    }

    static final String WORKER_UNIDENTIFIED = "WorkerUnidentified";

    /** Says once (condition transition, Event) and counts each time that a drained node's worker cannot be found. */
    private void unidentified(NodeGroup group, String node) {
        metrics.unidentifiedWorker(group.name());
        String message = "node " + node + " is drained but VPSie lists no worker by that name and none is recorded:"
                + " the Node stays cordoned and is not deleted, so the worker cannot keep billing unseen; remove the worker in VPSie"
                + " (then the Node goes NotReady and is deleted) or uncordon the node";
        boolean wasTrue = group.status().condition(WORKER_UNIDENTIFIED).map(NodeGroup.Condition::isTrue).orElse(false);
        status.update(group.name(), s -> s.withCondition(new NodeGroup.Condition(WORKER_UNIDENTIFIED, "True", "NotListed", message, clock.instant())));
        if (!wasTrue) {
            cluster.record(ClusterEvent.onGroup(group, ClusterEvent.Type.Warning, WORKER_UNIDENTIFIED, message));
        }
        LOG.warn(message);
    }

    private void rollBack(NodeGroup group, String node, String why) {
        try {
            cluster.setUnschedulable(node, false);
        } catch (ClusterPort.ClusterException e) {
            LOG.warn("could not uncordon {}: {}", node, e.getMessage());
        }
        status.update(group.name(), s -> s.withDraining(without(s.drainingOrEmpty(), node)));
        cluster.record(ClusterEvent.onGroup(group, ClusterEvent.Type.Warning, "ScaleDownBlocked", "node " + node + " kept: " + why));
    }

    private void step(NodeGroup group, NodeGroup.Draining d) {
        status.update(group.name(), s -> s.withDraining(replace(s.drainingOrEmpty(), d)));
    }

    private void pause() {
        try {
            Thread.sleep(config.evictionRetryInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("drain interrupted", e);
        }
    }

    private static List<NodeGroup.Draining> replace(List<NodeGroup.Draining> list, NodeGroup.Draining d) {
        List<NodeGroup.Draining> out = new ArrayList<>(without(list, d.node()));
        out.add(d);
        return out;
    }

    private static List<NodeGroup.Draining> without(List<NodeGroup.Draining> list, String node) {
        return list.stream().filter(x -> !x.node().equals(node)).toList();
    }
}
