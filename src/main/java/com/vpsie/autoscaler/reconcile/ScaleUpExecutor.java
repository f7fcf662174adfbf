package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.GroupPlan;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;
import com.vpsie.autoscaler.port.VpsiePort;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out a scale-up the planner decided: takes the VPSie cluster's add lock, asks VPSie for
 * each node already written to status as an intent, attaches each answer to its intent (or takes
 * back the intents whose call failed), and removes from VPSie the workers that never joined.
 * It decides nothing: how many nodes, and whether adds may go, come from the plan and
 * {@link AddPause}.
 */
@Singleton
public class ScaleUpExecutor {
    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final GroupLease lease;
    private final AddLock addLock;
    private final GroupStatus status;
    private final GroupMetrics metrics;
    private final ReconcileConfig config;
    private final Clock clock;
    private final boolean dryRun;

    public ScaleUpExecutor(ClusterPort cluster, VpsiePort vpsie, GroupLease lease, AddLock addLock, GroupStatus status, GroupMetrics metrics,
                           ReconcileConfig config, ModeConfig mode, Clock clock) {
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.lease = lease;
        this.addLock = addLock;
        this.status = status;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.dryRun = mode.dryRunOn();
    }

    void releaseAddLock(String vpsieCluster, String group) {
        addLock.release(vpsieCluster, group);
    }

    /**
     * Takes the add lock of the group's VPSie cluster, and checks under it that no other group of
     * that cluster still waits for an add to be identified: new workers would not be told apart.
     *
     * @return acquired, or held by whom (as the decision's reason says it)
     */
    LockAnswer takeAddLock(NodeGroup g) {
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        if (addLock.take(ref.clusterId(), g.name()) instanceof LockAnswer.HeldBy other) {
            return LockAnswer.heldBy("adds wait: " + other.holder() + " is adding to VPSie cluster " + ref.clusterId()
                    + " (one adder at a time, so each new worker is attributed exactly)");
        }
        List<String> waiting = Attribution.peers(g, cluster.nodeGroups()).stream()
                .filter(x -> !x.name().equals(g.name()) && !Attribution.unidentified(x).isEmpty()).map(NodeGroup::name).toList();
        if (!waiting.isEmpty()) {
            addLock.release(ref.clusterId(), g.name());
            return LockAnswer.heldBy("adds wait: group(s) " + waiting + " of VPSie cluster " + ref.clusterId()
                    + " have adds whose worker VPSie does not list yet; new workers could not be told apart");
        }
        return LockAnswer.ACQUIRED;
    }

    /** Who took the group's Lease or its VPSie cluster's add lock from this replica, when someone did. */
    private Optional<String> stillHeld(NodeGroup g, NodeGroup.VpsieRef ref) {
        if (lease.acquire(g.name()) instanceof LockAnswer.HeldBy other) {
            return Optional.of(other.holder());
        }
        if (addLock.take(ref.clusterId(), g.name()) instanceof LockAnswer.HeldBy other) {
            return Optional.of(other.holder() + " (the add lock of VPSie cluster " + ref.clusterId() + ")");
        }
        return Optional.empty();
    }

    /** Asks VPSie for each intended node, then attaches what VPSie answered to the intents in status. */
    Decision addNodes(NodeGroup g, List<NodeGroup.Provisioning> intents, GroupPlan p, String trigger, Instant now, List<String> reasons,
                              Instant deadline) {
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        Map<String, VpsiePort.AddedNode> answers = new HashMap<>();
        String error = null;
        VpsiePort.VpsieException quota = null;
        VpsiePort.Adder adder = vpsie.adder(ref.clusterId(), ref.nodeGroupId());
        for (NodeGroup.Provisioning intent : intents) {
            // Renewed before each call: a slow VPSie must not let the Lease lapse while this replica still acts.
            if (!answers.isEmpty() && !clock.instant().isBefore(deadline)) {
                error = "the reconcile's time (autoscaler.reconcile.timeout " + config.timeout() + ") ran out after " + answers.size() + " add(s)";
                break;
            }
            Optional<String> holder = answers.isEmpty() ? Optional.empty() : stillHeld(g, ref);
            if (holder.isPresent()) {
                error = "lost the Lease of " + g.name() + " to " + holder.get() + " while adding nodes";
                break;
            }
            try {
                answers.put(intent.id(), adder.add());
            } catch (VpsiePort.VpsieException e) {
                error = e.getMessage();
                quota = e.failure() == VpsiePort.Failure.QUOTA ? e : null;
                if (e.failure().ambiguous()) {
                    // VPSie could not even be asked whether this add happened: keep the intent, unconfirmed,
                    // so it counts as coming; if no node joins, it expires after max-node-provision-time.
                    answers.put(intent.id(), new VpsiePort.AddedNode(null, null, false));
                    reasons.add("one add's outcome is unknown (" + e.getMessage() + "); counted as coming until it joins or expires");
                }
                break;
            }
        }
        settleIntents(g.name(), answers, intents, quota == null ? null
                : new NodeGroup.Condition(AddPause.QUOTA_EXCEEDED, "True", "VpsieQuota", quota.getMessage(), clock.instant()));
        if (quota != null) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, AddPause.QUOTA_EXCEEDED, "VPSie refused to add workers: "
                    + quota.getMessage() + "; adds to " + g.name() + " pause for " + config.quotaBackoff()
                    + " or until a manual POST /v1/scale"));
            reasons.add("VPSie quota exceeded: adds pause for " + config.quotaBackoff() + " or until a manual POST /v1/scale");
        }
        int added = answers.size();
        if (error != null) {
            reasons.add("adding stopped after " + added + " of " + intents.size() + " node(s) (see the error); the rest were taken back from status");
        }
        int from = p.currentNodes() + p.provisioningNodes();
        if (added > 0) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Normal, "ScaledUp",
                    "added " + added + " node(s), " + from + "->" + (from + added) + " (max " + g.spec().max() + "): " + String.join("; ", p.reasons())));
        }
        if (error != null) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, "FailedScaleUp", "VPSie refused: " + error));
        }
        Decision.Builder d = Decision.of(now, g.name(), trigger).nodes(from, from + added).added(added).reasons(reasons);
        return added > 0 ? d.outcome(Decision.Outcome.SCALED_UP, error) : d.failed(Decision.Outcome.ADDS_FAILED, error);
    }

    /**
     * Writes VPSie's answers into the intents and drops the intents whose call failed. The intents
     * are found again by id in whatever status is stored now.
     */
    private void settleIntents(String group, Map<String, VpsiePort.AddedNode> answers, List<NodeGroup.Provisioning> intents,
                               NodeGroup.Condition quota) {
        status.update(group, s -> {
            List<NodeGroup.Provisioning> settled = new ArrayList<>();
            int desired = s.desiredNodes();
            for (NodeGroup.Provisioning p : s.provisioningOrEmpty()) {
                boolean ours = intents.stream().anyMatch(i -> i.id().equals(p.id()));
                VpsiePort.AddedNode a = answers.get(p.id());
                if (ours && a == null) {
                    desired--;
                } else if (a != null) {
                    settled.add(new NodeGroup.Provisioning(p.id(), p.requestedAt(), a.identifier(), a.hostname(),
                            a.identified() || !a.confirmed() ? null : Boolean.TRUE));
                } else {
                    settled.add(p);
                }
            }
            NodeGroup.Status next = s.withProvisioning(settled).withCounts(s.currentNodes(), s.readyNodes(), desired);
            if (quota != null) {
                return next.withCondition(quota);
            }
            boolean wasPaused = s.condition(AddPause.QUOTA_EXCEEDED).map(NodeGroup.Condition::isTrue).orElse(false);
            return wasPaused && !answers.isEmpty()
                    ? next.withCondition(new NodeGroup.Condition(AddPause.QUOTA_EXCEEDED, "False", "Added", "VPSie added workers again", clock.instant()))
                    : next;
        });
    }

    /** Drops provisioning entries whose node joined, and those past the provision deadline ({@code expired}). */
    List<NodeGroup.Provisioning> stillProvisioning(NodeGroup g, ClusterView view, List<NodeGroup.Provisioning> expired,
                                                           List<String> reasons) {
        List<NodeGroup.Provisioning> pending = SnapshotBuilder.pendingProvisioning(g, view);
        int joined = g.status().provisioningOrEmpty().size() - pending.size();
        if (joined > 0) {
            reasons.add(joined + " provisioning node(s) joined as Ready nodes");
        }
        return pending.stream().filter(p -> !expired.contains(p)).toList();
    }

    /**
     * Once status no longer counts them: a metric, an Event, and removal from VPSie of the workers
     * that never joined (the Cluster Autoscaler does the same): they cost money and would join later
     * as nodes nobody planned. Idempotent ("not found" = gone), so a crash before the end is harmless.
     */
    void expire(NodeGroup g, List<NodeGroup.Provisioning> expired, List<String> reasons) {
        metrics.provisionTimeouts(g.name(), expired.size());
        cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, "ProvisionTimeout", expired.size()
                + " node(s) asked of VPSie did not become Ready nodes within " + config.maxNodeProvisionTime()));
        reasons.add(expired.size() + " node(s) did not join within " + config.maxNodeProvisionTime()
                + " and are no longer counted as coming");
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        if (dryRun || ref == null || ref.clusterId() == null) {
            return;
        }
        List<VpsiePort.VpsieNode> workers = null;
        for (NodeGroup.Provisioning p : expired) {
            String id = p.vpsieNodeId();
            try {
                if (id == null && p.hostname() != null) {
                    workers = workers == null ? vpsie.clusterNodes(ref.clusterId()) : workers;
                    id = VpsiePort.workerNamed(workers, p.hostname()).map(VpsiePort.VpsieNode::identifier).orElse(null);
                }
                if (id != null) {
                    boolean removed = vpsie.removeNode(ref.clusterId(), id);
                    reasons.add((removed ? "removed VPSie worker " : "VPSie worker already gone: ") + id
                            + (p.hostname() == null ? "" : " (" + p.hostname() + ")") + ": it did not join in time");
                } else if (p.identified()) {
                    reasons.add("VPSie lists no worker " + p.hostname() + " that did not join in time: nothing to remove");
                } else {
                    reasons.add("an add VPSie accepted never showed in its listing within " + config.maxNodeProvisionTime()
                            + ": nothing to remove; should it appear later it is reported as unattributed");
                }
            } catch (VpsiePort.VpsieException e) {
                // Status no longer counts it: put it back, so the next reconcile removes it rather than forgetting a billed worker.
                status.update(g.name(), s -> s.withProvisioning(concat(s.provisioningOrEmpty(), p)));
                reasons.add("could not remove VPSie worker " + (id == null ? p.hostname() : id) + " that did not join in time ("
                        + e.getMessage() + "); kept in status, removal retried at the next reconcile");
            }
        }
    }

    private static List<NodeGroup.Provisioning> concat(List<NodeGroup.Provisioning> list, NodeGroup.Provisioning p) {
        List<NodeGroup.Provisioning> out = new ArrayList<>(list.stream().filter(x -> !x.id().equals(p.id())).toList());
        out.add(p);
        return out;
    }
}
