package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.GroupPlan;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/scale}: the only path that sets a target. The target is written to status as
 * the group's floor for {@code holdFor}, then an ordinary reconcile brings the group up to it.
 * Below the current size, only nodes that run no workload are removed; a node with pods waits for
 * the drain machinery (cordon, evict) that the scale-down work brings.
 */
@Singleton
public class ManualScaler {
    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final Reconciler reconciler;
    private final DecisionLog decisions;
    private final ReconcileConfig config;
    private final Clock clock;

    public ManualScaler(ClusterPort cluster, VpsiePort vpsie, Reconciler reconciler, DecisionLog decisions,
                        ReconcileConfig config, Clock clock) {
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.reconciler = reconciler;
        this.decisions = decisions;
        this.config = config;
        this.clock = clock;
    }

    /** A manual request, already checked for shape: exactly one of desiredNodes and delta is set. */
    public record Command(String nodeGroup, Integer desiredNodes, Integer delta, String reason, boolean dryRun, Duration holdFor) {
    }

    /** The group named does not exist. */
    public static final class UnknownGroup extends RuntimeException {
        public UnknownGroup(String name, List<String> known) {
            super("nodeGroup: no NodeGroup named '" + name + "'; known: " + known);
        }
    }

    /** The target is outside the group's bounds. */
    public static final class OutOfBounds extends RuntimeException {
        private final String field;

        public OutOfBounds(String field, int target, int min, int max) {
            super(field + ": target " + target + " nodes is outside the group's bounds [minNodes " + min + ", maxNodes " + max + "]");
            this.field = field;
        }

        /** The request field that set the target: desiredNodes or delta. */
        public String field() {
            return field;
        }
    }

    public Decision scale(Command cmd) {
        ClusterView view = cluster.read();
        NodeGroup g = view.group(cmd.nodeGroup())
                .orElseThrow(() -> new UnknownGroup(cmd.nodeGroup(), view.nodeGroups().stream().map(NodeGroup::name).sorted().toList()));
        int current = (int) Reconciler.membersOf(view, g.name()) + SnapshotBuilder.pendingProvisioning(g, view).size();
        int target = cmd.desiredNodes() != null ? cmd.desiredNodes() : current + cmd.delta();
        if (target < g.spec().min() || target > g.spec().max()) {
            throw new OutOfBounds(cmd.desiredNodes() != null ? "desiredNodes" : "delta", target, g.spec().min(), g.spec().max());
        }
        Instant now = clock.instant();
        String trigger = "manual" + (cmd.reason() == null ? "" : ": " + cmd.reason());
        Duration hold = cmd.holdFor() == null ? config.getManualHoldFor() : cmd.holdFor();
        List<String> reasons = new ArrayList<>();
        reasons.add("manual target " + target + " (from " + current + "), held as the floor until " + now.plus(hold));
        if (cmd.dryRun()) {
            Decision d = new Decision(now, g.name(), trigger, Decision.Action.DRY_RUN, current, target,
                    Math.max(0, target - current), Math.max(0, current - target), reasons, null);
            decisions.record(d);
            return d;
        }
        holdTarget(g.name(), new NodeGroup.ManualTarget(target, now.plus(hold), cmd.reason()));
        if (target >= current) {
            return reconciler.reconcile(List.of(g.name()), trigger).get(0);
        }
        return removeIdle(g, current - target, current, target, trigger, reasons);
    }

    private void holdTarget(String group, NodeGroup.ManualTarget manual) {
        for (int attempt = 1; ; attempt++) {
            NodeGroup g = cluster.read().group(group).orElseThrow(() -> new UnknownGroup(group, List.of()));
            NodeGroup.Status s = g.status();
            try {
                cluster.writeStatus(g, new NodeGroup.Status(s.currentNodes(), s.readyNodes(), s.desiredNodes(), s.provisioning(),
                        s.unneededSince(), s.lastScaleUpTime(), s.lastScaleDownTime(), manual));
                return;
            } catch (ClusterPort.StatusConflict e) {
                if (attempt >= config.getConflictRetries()) {
                    throw new IllegalStateException(e.getMessage() + "; gave up after " + attempt + " attempts");
                }
            }
        }
    }

    private Decision removeIdle(NodeGroup g, int count, int current, int target, String trigger, List<String> reasons) {
        GroupPlan plan = reconciler.livePlan().plan().group(g.name()).orElseThrow();
        // The manual target is the floor now, so the plan offers at most current - target idle nodes.
        List<String> idle = plan.candidateNames();
        List<String> removable = idle.subList(0, Math.min(count, idle.size()));
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        int removed = 0;
        String error = null;
        List<VpsiePort.VpsieNode> vpsieNodes = removable.isEmpty() ? List.of() : vpsie.clusterNodes(ref.clusterId());
        for (String node : removable) {
            try {
                String identifier = vpsieNodes.stream().filter(v -> node.equals(v.hostname())).map(VpsiePort.VpsieNode::identifier)
                        .findFirst().orElse(null);
                if (identifier == null) {
                    reasons.add("node " + node + " has no VPSie worker with that hostname; left alone");
                    continue;
                }
                vpsie.removeNode(ref.clusterId(), identifier);
                cluster.deleteNode(node);
                removed++;
            } catch (VpsiePort.VpsieException e) {
                error = e.getMessage();
                break;
            }
        }
        if (removed < count && error == null) {
            reasons.add((count - removed) + " node(s) still run workloads; removing them needs a drain, which this version does not do yet");
        }
        Decision d = new Decision(clock.instant(), g.name(), trigger, removed > 0 ? Decision.Action.SCALE_DOWN : Decision.Action.NONE,
                current, current - removed, 0, removed, reasons, error);
        decisions.record(d);
        return d;
    }
}
