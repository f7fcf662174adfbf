package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.BlockedNode;
import com.vpsie.autoscaler.capacity.Blocker;
import com.vpsie.autoscaler.capacity.GroupPlan;
import com.vpsie.autoscaler.config.DurationText;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.VpsiePort;
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
    private final Reconciler reconciler;
    private final GroupGate gate;
    private final DecisionLog decisions;
    private final ReconcileConfig config;
    private final Clock clock;

    @SuppressWarnings("java:S107") // the collaborators of one action, each one job
    public ManualScaler(ClusterPort cluster, GroupLease lease, GroupGate gate, GroupStatus status, Drainer drainer, GroupQueries queries,
                        Reconciler reconciler, DecisionLog decisions, ReconcileConfig config, Clock clock) {
        this.gate = gate;
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

    /** Why a manual request was refused; nothing was done. The front door answers each with its own status. */
    public enum Refused {
        /** No NodeGroup of that name. */
        UNKNOWN_GROUP,
        /** The NodeGroup's spec breaks a rule: skipped until fixed. */
        INVALID_GROUP,
        /** The target is outside minNodes..maxNodes. */
        OUT_OF_BOUNDS,
        /** Another action holds the group (this instance's gate, or another replica's Lease): try again. */
        IN_FLIGHT
    }

    /** A refused manual request: why (typed), the request field it is about, and the words for the caller. */
    public static sealed class Refusal extends RuntimeException permits UnknownGroup, InvalidGroup, OutOfBounds, InFlight {
        private final Refused reason;
        private final String field;

        Refusal(Refused reason, String field, String message) {
            super(message);
            this.reason = reason;
            this.field = field;
        }

        public Refused reason() {
            return reason;
        }

        /** The request field it is about: nodeGroup, desiredNodes or delta. */
        public String field() {
            return field;
        }
    }

    public static final class UnknownGroup extends Refusal {
        public UnknownGroup(String name, List<String> known) {
            super(Refused.UNKNOWN_GROUP, "nodeGroup", "nodeGroup: no NodeGroup named '" + name + "'; known: " + known);
        }
    }

    public static final class InvalidGroup extends Refusal {
        public InvalidGroup(String name, String problem) {
            super(Refused.INVALID_GROUP, "nodeGroup", "nodeGroup: NodeGroup '" + name + "' is invalid and skipped until fixed (" + problem
                    + "); nothing was done");
        }
    }

    public static final class OutOfBounds extends Refusal {
        public OutOfBounds(String field, int target, int min, int max) {
            super(Refused.OUT_OF_BOUNDS, field, field + ": target " + target + " nodes is outside the group's bounds [minNodes " + min
                    + ", maxNodes " + max + "]");
        }
    }

    public static final class InFlight extends Refusal {
        public InFlight(String message) {
            super(Refused.IN_FLIGHT, "nodeGroup", message);
        }
    }

    /**
     * Applies the request alone on its group: through the group's gate (one action at a time in
     * this instance; a reconcile in progress is waited for up to {@code autoscaler.reconcile.timeout},
     * another manual scale is not) and holding its Lease (one replica at a time). The target, the
     * bounds and the nodes to drain are read after both are held, so two requests never drain from
     * the same count, and the floor holds whatever order they come in.
     */
    public Decision scale(Command cmd) {
        ClusterView view = cluster.read();
        NodeGroup g = group(view, cmd.nodeGroup());
        if (cmd.dryRun() || queries.dryRun()) {
            return dryRun(g, view, cmd);
        }
        String what = "a manual scale of " + g.name() + " (" + (cmd.desiredNodes() != null ? "desiredNodes " + cmd.desiredNodes()
                : "delta " + cmd.delta()) + ")";
        return gate.exclusive(g.name(), what, config.timeout(),
                () -> lease.holding(g.name(), holder -> {
                    throw new InFlight(what + " refused: an action is in flight on " + g.name() + " (" + holder + " holds its Lease" + inFlightBy(g.name()) + ")"
                            + "; nothing was done, send it again once that is over");
                }, () -> applyHeld(cmd)),
                () -> reconciler.reconcileHeld(g.name(), "triggers folded into " + what),
                busy -> {
                    throw new InFlight(what + " refused: " + busy.what() + " is in flight on " + g.name() + " since " + busy.since()
                            + "; nothing was done, send it again once that is over");
                });
    }

    /** The named group, valid: an unknown one is UnknownGroup, an invalid one InvalidGroup. */
    private NodeGroup group(ClusterView view, String name) {
        NodeGroup g = view.group(name).orElseThrow(() -> new UnknownGroup(name, view.nodeGroups().stream().map(NodeGroup::name).sorted().toList()));
        SpecRules.problem(g.spec()).ifPresent(problem -> {
            throw new InvalidGroup(name, problem.getMessage());
        });
        return g;
    }

    private static int current(NodeGroup g, ClusterView view) {
        return (int) view.members(g.name()) + SnapshotBuilder.pendingProvisioning(g, view).size();
    }

    private static int target(Command cmd, NodeGroup g, int current) {
        int target = cmd.desiredNodes() != null ? cmd.desiredNodes() : current + cmd.delta();
        if (target < g.spec().min() || target > g.spec().max()) {
            throw new OutOfBounds(cmd.desiredNodes() != null ? "desiredNodes" : "delta", target, g.spec().min(), g.spec().max());
        }
        return target;
    }

    private static String trigger(Command cmd) {
        return "manual" + (cmd.reason() == null ? "" : ": " + cmd.reason());
    }

    private Duration hold(Command cmd) {
        return cmd.holdFor() == null ? config.manualHoldFor() : cmd.holdFor();
    }

    /** A dry run keeps nothing: no target is held, nothing is asked of VPSie, nothing drained, no gate taken. */
    private Decision dryRun(NodeGroup g, ClusterView view, Command cmd) {
        int current = current(g, view);
        int target = target(cmd, g, current);
        Decision d = Decision.of(clock.instant(), g.name(), trigger(cmd)).nodes(current, target)
                .added(Math.max(0, target - current)).removed(Math.max(0, current - target))
                .reasons(List.of("dry run: manual target " + target + " (from " + current + ") would add " + Math.max(0, target - current)
                        + " and remove " + Math.max(0, current - target) + " node(s) and be held as the floor for "
                        + DurationText.human(hold(cmd)) + "; nothing was kept or changed")).outcome(Decision.Outcome.DRY_RUN);
        decisions.record(d);
        return d;
    }

    /**
     * Holding the gate and the Lease: settles drains an earlier action left (so a node being
     * drained is neither counted as staying nor picked again), reads the size, holds the target as
     * the floor with an in-flight mark in status, and brings the group to it.
     */
    private Decision applyHeld(Command cmd) {
        Instant now = clock.instant();
        Instant deadline = now.plus(config.timeout());
        NodeGroup g = group(cluster.read(), cmd.nodeGroup());
        List<String> reasons = new ArrayList<>(drainer.recover(g, deadline));
        ClusterView view = cluster.read();
        g = group(view, cmd.nodeGroup());
        int current = current(g, view);
        int target = target(cmd, g, current);
        String trigger = trigger(cmd);
        Instant until = now.plus(hold(cmd));
        reasons.add("manual target " + target + " (from " + current + "), held as the floor until " + until);
        holdTarget(g.name(), new NodeGroup.ManualTarget(target, until, cmd.reason(), lease.holder(), now, true));
        try {
            if (target >= current) {
                Decision r = reconciler.reconcileHeld(g.name(), trigger);
                boolean failed = r.action() == Decision.Action.FAILED;
                return r.around(failed ? current : r.fromNodes(), failed ? current : r.toNodes(), reasons);
            }
            return drainDown(group(cluster.read(), g.name()), current - target, current, trigger, reasons, deadline);
        } finally {
            status.update(g.name(), s -> s.manualTarget() == null ? s : s.withManualTarget(s.manualTarget().settled()));
        }
    }

    /** What another replica's status says is in flight, for a refusal's words. */
    private String inFlightBy(String group) {
        return cluster.read().group(group).map(NodeGroup::status).map(NodeGroup.Status::manualTarget)
                .filter(m -> Boolean.TRUE.equals(m.inFlight()))
                .map(m -> "; its status: a manual scale to " + m.nodes() + " by " + m.by() + " since " + m.startedAt()).orElse("");
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
     * elsewhere, PDBs and eviction rules respected), at most {@code count}. The held target is the
     * floor now, so the plan offers at most current - target nodes.
     */
    private Decision drainDown(NodeGroup g, int count, int current, String trigger, List<String> reasons, Instant deadline) {
        GroupPlan plan = queries.livePlan().plan().group(g.name()).orElseThrow(() -> new ReconcileFailure.GroupGone(g.name()));
        List<String> candidates = plan.candidateNames();
        List<String> chosen = candidates.subList(0, Math.min(count, candidates.size()));
        for (BlockedNode b : plan.scaleDownBlocked()) {
            if (b.blocker().code() == Blocker.Code.DISRUPTION_BUDGET) {
                // The operator's own act is not held by the budgets; it says so.
                reasons.add("node " + b.node() + (chosen.contains(b.node()) ? " goes past the disruption budget (a manual scale is the operator's own act): "
                        : " would go past the disruption budget: ") + b.blocker().message());
            } else {
                reasons.add("node " + b.node() + " cannot go: " + b.blocker().message());
            }
        }
        String error = null;
        Decision.Outcome failure = null;
        int removed = 0;
        try {
            Drainer.Outcome out = drainer.drain(g, chosen, trigger, deadline);
            reasons.addAll(out.reasons());
            removed = out.removed().size();
        } catch (VpsiePort.VpsieException e) {
            error = e.getMessage();
            failure = Decision.Outcome.VPSIE_FAILED;
        } catch (ClusterPort.ClusterException e) {
            error = e.getMessage();
            failure = Decision.Outcome.KUBERNETES_FAILED;
        }
        int joining = SnapshotBuilder.pendingProvisioning(g, cluster.read()).size();
        int short_ = count - chosen.size();
        if (short_ > 0 && joining > 0) {
            reasons.add(Math.min(short_, joining) + " node(s) asked to go have not joined yet: an add is not cancelled;"
                    + " scale-down removes them once they have joined and are unneeded");
            short_ -= Math.min(short_, joining);
        }
        if (short_ > 0) {
            reasons.add(short_ + " more node(s) asked to go stay: no other node has room for their pods, or they are blocked (above)");
        }
        int target = current - count;
        // The group's desired size is the target now, not what an earlier scale-up asked (GET /v1/nodegroups showed that until the next reconcile).
        status.update(g.name(), st -> st.withCounts(st.currentNodes(), st.readyNodes(), target));
        Decision d = Decision.of(clock.instant(), g.name(), trigger).nodes(current, current - removed).removed(removed).reasons(reasons)
                .outcome(failure != null ? failure : removed > 0 ? Decision.Outcome.SCALED_DOWN : Decision.Outcome.UNCHANGED, error);
        decisions.record(d);
        return d;
    }
}
