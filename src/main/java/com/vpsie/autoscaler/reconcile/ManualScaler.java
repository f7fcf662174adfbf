package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;

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
 * Below the current size, the plan's scale-down candidates are drained (cordon, evict, remove).
 */
@Singleton
public class ManualScaler {
    private final ClusterPort cluster;
    private final GroupLease lease;
    private final GroupStatus status;
    private final Drainer drainer;
    private final GroupQueries queries;
    private final Reconciling reconciler;
    private final DecisionLog decisions;
    private final ReconcileConfig config;
    private final Clock clock;

    public ManualScaler(ClusterPort cluster, GroupLease lease, GroupStatus status, Drainer drainer, GroupQueries queries, Reconciling reconciler,
                        DecisionLog decisions, ReconcileConfig config, Clock clock) {
        this.cluster = cluster;
        this.lease = lease;
        this.status = status;
        this.drainer = drainer;
        this.queries = queries;
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
        int current = (int) view.members(g.name()) + SnapshotBuilder.pendingProvisioning(g, view).size();
        int target = cmd.desiredNodes() != null ? cmd.desiredNodes() : current + cmd.delta();
        if (target < g.spec().min() || target > g.spec().max()) {
            throw new OutOfBounds(cmd.desiredNodes() != null ? "desiredNodes" : "delta", target, g.spec().min(), g.spec().max());
        }
        Instant now = clock.instant();
        String trigger = "manual" + (cmd.reason() == null ? "" : ": " + cmd.reason());
        Duration hold = cmd.holdFor() == null ? config.manualHoldFor() : cmd.holdFor();
        List<String> reasons = new ArrayList<>();
        if (cmd.dryRun() || queries.dryRun()) {
            // A dry run keeps nothing: no target is held, nothing is asked of VPSie, nothing drained.
            reasons.add("dry run: manual target " + target + " (from " + current + ") would add " + Math.max(0, target - current)
                    + " and remove " + Math.max(0, current - target) + " node(s) and be held as the floor for " + DurationText.human(hold)
                    + "; nothing was kept or changed");
            Decision d = new Decision(now, g.name(), trigger, Decision.Action.DRY_RUN, current, target,
                    Math.max(0, target - current), Math.max(0, current - target), reasons, null);
            decisions.record(d);
            return d;
        }
        reasons.add("manual target " + target + " (from " + current + "), held as the floor until " + now.plus(hold));
        holdTarget(g.name(), new NodeGroup.ManualTarget(target, now.plus(hold), cmd.reason()));
        if (target >= current) {
            return reconciler.reconcile(List.of(g.name()), trigger).get(0);
        }
        return drainDown(g, current - target, current, trigger, reasons);
    }

    private void holdTarget(String group, NodeGroup.ManualTarget manual) {
        // A manual action is also the operator saying "try VPSie again" after a quota refusal.
        status.update(group, s -> s.condition(AddPause.QUOTA_EXCEEDED).filter(NodeGroup.Condition::isTrue).isPresent()
                ? s.withManualTarget(manual).withCondition(new NodeGroup.Condition(AddPause.QUOTA_EXCEEDED, "False", "ManualAction",
                        "a manual POST /v1/scale lifted the pause", clock.instant()))
                : s.withManualTarget(manual));
    }

    /**
     * Below the current size: drains the plan's scale-down candidates (nodes whose pods fit
     * elsewhere, PDBs and eviction rules respected), at most {@code count}, holding the group's Lease.
     */
    private Decision drainDown(NodeGroup g, int count, int current, String trigger, List<String> reasons) {
        return lease.holding(g.name(), holder -> {
            reasons.add(holder + " holds the Lease of " + g.name() + "; the held target applies at its next reconcile");
            Decision d = new Decision(clock.instant(), g.name(), trigger, Decision.Action.COALESCED, current, current, 0, 0, reasons, null);
            decisions.record(d);
            return d;
        }, () -> {
            GroupPlan plan = queries.livePlan().plan().group(g.name()).orElseThrow();
            // The manual target is the floor now, so the plan offers at most current - target nodes.
            List<String> candidates = plan.candidateNames();
            List<String> chosen = candidates.subList(0, Math.min(count, candidates.size()));
            plan.scaleDownBlocked().forEach(b -> reasons.add("node " + b.node() + " cannot go: " + b.reason()));
            String error = null;
            int removed = 0;
            try {
                Drainer.Outcome out = drainer.drain(g, chosen, trigger, clock.instant().plus(config.timeout()));
                reasons.addAll(out.reasons());
                removed = out.removed().size();
            } catch (VpsiePort.VpsieException | ClusterPort.ClusterException e) {
                error = e.getMessage();
            }
            if (chosen.size() < count) {
                reasons.add((count - chosen.size()) + " more node(s) asked to go, but no other node has room for their pods");
            }
            Decision d = new Decision(clock.instant(), g.name(), trigger, removed > 0 ? Decision.Action.SCALE_DOWN : Decision.Action.NONE,
                    current, current - removed, 0, removed, reasons, error);
            decisions.record(d);
            return d;
        });
    }
}
