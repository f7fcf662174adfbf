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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One reconcile of one node group: read the cluster, plan, write the intent to status, then hand
 * the adds to {@link ScaleUpExecutor}, a consolidation's step to {@link ReplacementSteps}, or the
 * removals to {@link Drainer}. Triggers only say "look
 * again", so running this twice on the same cluster adds nothing the second time: nodes asked for
 * are in status until they join. A status write that lost a race re-reads and re-plans.
 */
@Singleton
public class Reconciler implements Reconciling {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    static final String SPEC_VALID = "SpecValid";

    private final ClusterPort cluster;
    private final GroupQueries queries;
    private final SnapshotBuilder snapshots;
    private final GroupGate gate;
    private final GroupLease lease;
    private final GroupStatus status;
    private final Drainer drainer;
    private final ReplacementSteps replacements;
    private final GarbageCollector gc;
    private final JoinedNodes joinedNodes;
    private final GroupCreator creator;
    private final ScaleUpExecutor executor;
    private final PodNotifier pods;
    private final DecisionLog decisions;
    private final GroupMetrics metrics;
    private final ReconcileConfig config;
    private final Clock clock;
    private final boolean dryRun;

    @SuppressWarnings("java:S107") // the loop's collaborators, each one job; grouping them would only hide them
    public Reconciler(ClusterPort cluster, GroupQueries queries, SnapshotBuilder snapshots, GroupGate gate, GroupLease lease, GroupStatus status,
                      Drainer drainer, ReplacementSteps replacements, GarbageCollector gc, JoinedNodes joinedNodes, ScaleUpExecutor executor, PodNotifier pods,
                      GroupCreator creator, DecisionLog decisions, GroupMetrics metrics, ReconcileConfig config, ModeConfig mode, Clock clock) {
        this.cluster = cluster;
        this.queries = queries;
        this.snapshots = snapshots;
        this.gate = gate;
        this.lease = lease;
        this.status = status;
        this.drainer = drainer;
        this.replacements = replacements;
        this.gc = gc;
        this.joinedNodes = joinedNodes;
        this.creator = creator;
        this.executor = executor;
        this.pods = pods;
        this.decisions = decisions;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.dryRun = mode.dryRunOn();
    }

    @Override
    public List<Decision> reconcile(Collection<String> groups, String trigger) {
        List<Decision> out = new ArrayList<>();
        for (String group : groups) {
            out.add(gate.run(group, () -> leased(group, trigger),
                    () -> coalesced(group, trigger, "a reconcile of " + group + " is running here; it will look again once more")));
        }
        return out;
    }

    /** One reconcile of a group whose gate the caller already holds: a manual scale's, or its follow-up. */
    Decision reconcileHeld(String group, String trigger) {
        return leased(group, trigger);
    }

    /** Acts only while holding the group's Lease; a replica that cannot take it leaves the work to the holder. */
    private Decision leased(String group, String trigger) {
        try {
            return lease.holding(group, holder -> {
                Decision d = Decision.of(clock.instant(), group, trigger).reasons(List.of(holder + " holds the Lease of " + group
                        + " and is reconciling it")).outcome(Decision.Outcome.LEASE_HELD_ELSEWHERE);
                decisions.record(d);
                return d;
            }, () -> reconcileNow(group, trigger));
        } catch (ClusterPort.ClusterException e) {
            return failed(group, trigger, Decision.Outcome.LEASE_UNAVAILABLE, "could not take the Lease of " + group + ": " + e.getMessage());
        }
    }

    private Decision reconcileNow(String group, String trigger) {
        Decision d;
        try {
            d = attempt(group, trigger, clock.instant().plus(config.timeout()));
        } catch (VpsiePort.VpsieException e) {
            d = failed(group, trigger, Decision.Outcome.VPSIE_FAILED, e.getMessage());
        } catch (ClusterPort.ClusterException e) {
            d = failed(group, trigger, Decision.Outcome.KUBERNETES_FAILED, e.getMessage());
        } catch (ReconcileFailure e) {
            d = failed(group, trigger, e.outcome(), e.getMessage());
        } catch (RuntimeException bug) {
            // A bug met on this group's values fails this group's decision, not the other groups of the request;
            // the answer says where to look, the log has the trace.
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("reconcile of {} failed by an internal error (error {})", group, id, bug);
            d = failed(group, trigger, Decision.Outcome.INTERNAL_ERROR, "an internal error; the function's log has it as " + id);
        }
        decisions.record(d);
        return d;
    }

    private Decision failed(String group, String trigger, Decision.Outcome outcome, String error) {
        return Decision.of(clock.instant(), group, trigger).failed(outcome, error);
    }

    private Decision attempt(String group, String trigger, Instant deadline) {
        List<String> housekeeping = new ArrayList<>();
        ClusterView view = cluster.read();
        NodeGroup before = view.group(group).orElseThrow(() -> new ReconcileFailure.GroupGone(group));
        if (GroupCreator.pending(before)) {
            // Made on demand (or written with a size and no id): its VPSie group first, nothing else until it has one.
            Optional<ReconcileFailure.InvalidSpec> bad = SpecRules.problem(before.spec());
            return bad.isPresent() ? invalidSpec(before, trigger, bad.get()) : creator.settle(before, trigger);
        }
        if (!dryRun) {
            NodeGroup read = before;
            ClusterView seen = view;
            housekeeping.addAll(housekeeping("drain recovery", () -> drainer.recover(read, deadline)));
            housekeeping.addAll(housekeeping("garbage collection", () -> gc.collect(read, seen)));
            if (!housekeeping.isEmpty()) {
                view = cluster.read();
                before = view.group(group).orElseThrow(() -> new ReconcileFailure.GroupGone(group));
            }
        }
        Optional<ReconcileFailure.InvalidSpec> invalid = SpecRules.problem(before.spec());
        if (invalid.isPresent()) {
            return invalidSpec(before, trigger, invalid.get());
        }
        if (!dryRun && before.status().condition(SPEC_VALID).filter(c -> !c.isTrue()).isPresent()) {
            status.update(group, s -> s.withCondition(new NodeGroup.Condition(SPEC_VALID, "True", "Valid", null, clock.instant())));
        }
        housekeeping.addAll(joinedNodes.adopt(before, view));
        // One read per reconcile, unless housekeeping changed the cluster or a status write lost a race.
        boolean fresh = housekeeping.isEmpty() || dryRun;
        for (int attempt = 1; ; attempt++) {
            if (!fresh) {
                view = cluster.read();
            }
            fresh = false;
            String locked = null;
            try {
                NodeGroup g = view.group(group).orElseThrow(() -> new ReconcileFailure.GroupGone(group));
                Instant now = clock.instant();
                PlanView pv = queries.plan(view);
                Optional<GroupPlan> gp = pv.plan().group(group);
                if (gp.isEmpty()) {
                    PlanView.Skipped skipped = pv.skipped().get(group);
                    return Decision.of(now, group, trigger).reasons(housekeeping).failed(skipped.outcome(), skipped.why());
                }
                GroupPlan p = gp.get();
                Optional<Decision> deleted = creator.expire(g, view, p, trigger);
                if (deleted.isPresent()) {
                    return deleted.get();
                }
                metrics.planned(g, p);
                metrics.limits(pv.plan().limits());
                List<String> reasons = new ArrayList<>(housekeeping);
                reasons.addAll(p.reasons());
                ClusterView read = view;
                reasons.addAll(housekeeping("creating groups on demand", () -> creator.propose(read, pv.plan(), g.namespace())));
                List<NodeGroup.Provisioning> expired = snapshots.expired(g, view, now);
                List<NodeGroup.Provisioning> still = executor.stillProvisioning(g, view, expired, reasons);
                List<NodeGroup.Provisioning> intents = new ArrayList<>();
                Optional<String> paused = p.scaleUp() > 0 ? AddPause.why(g, now, config) : Optional.empty();
                if (paused.isEmpty() && p.scaleUp() > 0 && !dryRun) {
                    LockAnswer adds = executor.takeAddLock(g);
                    if (adds instanceof LockAnswer.HeldBy other) {
                        paused = Optional.of(other.holder());
                    } else {
                        locked = g.spec().vpsie().clusterId();
                    }
                }
                paused.ifPresent(reasons::add);
                for (int i = 0; !dryRun && paused.isEmpty() && i < p.scaleUp(); i++) {
                    intents.add(new NodeGroup.Provisioning(UUID.randomUUID().toString(), now, null, null));
                }
                List<NodeGroup.Provisioning> provisioning = new ArrayList<>(still);
                provisioning.addAll(intents);
                long ready = view.nodes().stream().filter(n -> group.equals(n.nodeGroup()) && n.ready()).count();
                NodeGroup.Status old = g.status();
                // Since-when each node has been unneeded is state the next plan's timers count from.
                NodeGroup.Status next = old.withCounts(p.currentNodes(), (int) ready, p.desiredNodes()).withProvisioning(provisioning)
                        .withUnneededSince(p.unneededSince()).withLastScaleUpTime(intents.isEmpty() ? old.lastScaleUpTime() : now)
                        .withScaleUpBackoff(AddPause.backoff(g, joined(g, view), !expired.isEmpty(), now, config))
                        .withActiveSchedule(ScheduledFloors.active(g.spec(), now).map(ScheduledFloors.Active::name).orElse(null));
                next = NodeConditions.unhealthy(next, p.currentNodes(), (int) ready, now);
                next = NodeConditions.drifted(next, pv.plan().driftedIn(group), now);
                metrics.notReady(group, p.currentNodes() - (int) ready);
                metrics.drifted(group, pv.plan().driftedIn(group).size());
                NodeGroup written;
                try {
                    written = next.equals(old) ? g : cluster.writeStatus(g, next);
                } catch (ClusterPort.StatusConflict conflict) {
                    if (attempt >= config.conflictRetries()) {
                        throw new ReconcileFailure.ConflictRetriesExhausted(conflict.getMessage(), attempt);
                    }
                    LOG.info("status of {} changed under us; re-reading and re-planning (attempt {})", group, attempt);
                    continue;
                }
                if (!expired.isEmpty()) {
                    executor.expire(g, expired, reasons);
                }
                pods.tell(view, pv.plan(), p, written);
                reasons.addAll(housekeeping("mending drifted nodes", () -> joinedNodes.mend(written, pv.plan().driftedIn(group))));
                limitReached(view, pv.plan());
                String held = pv.plan().repairHeld().get(group);
                if (held != null && !dryRun) {
                    cluster.record(ClusterEvent.onGroup(written, ClusterEvent.Type.Warning, "RepairHeld", held));
                }
                int size = p.currentNodes() + p.provisioningNodes();
                if (dryRun) {
                    reasons.add("dry run (autoscaler.dry-run): would add " + p.scaleUp() + " and remove " + p.scaleDown().size()
                            + " node(s); nothing asked of VPSie, nothing drained");
                    return Decision.of(now, group, trigger).nodes(size, size + p.scaleUp() - p.scaleDown().size()).reasons(reasons)
                            .outcome(Decision.Outcome.DRY_RUN);
                }
                if (!intents.isEmpty()) {
                    return executor.addNodes(written, intents, p, trigger, now, reasons, deadline);
                }
                if (ReplacementSteps.concerns(written, pv.plan())) {
                    ReplacementSteps.Step step = replacements.take(written, view, pv.plan(), deadline);
                    reasons.addAll(step.reasons());
                    if (step.savedHourly() > 0) {
                        metrics.consolidationSaved(group, step.savedHourly());
                    }
                    return Decision.of(now, group, trigger).nodes(size, size - step.removed()).removed(step.removed()).reasons(reasons)
                            .outcome(step.removed() > 0 ? Decision.Outcome.SCALED_DOWN : Decision.Outcome.UNCHANGED);
                }
                if (!p.scaleDown().isEmpty() && written.status().drainingOrEmpty().isEmpty()) {
                    Drainer.Outcome out = drainer.drain(written, p.scaleDown(), scaleDownWhy(p), deadline);
                    reasons.addAll(out.reasons());
                    return Decision.of(now, group, trigger).nodes(size, size - out.removed().size()).removed(out.removed().size())
                            .reasons(reasons).outcome(out.removed().isEmpty() ? Decision.Outcome.UNCHANGED : Decision.Outcome.SCALED_DOWN);
                }
                return Decision.of(now, group, trigger).nodes(size, p.desiredNodes()).reasons(reasons).outcome(Decision.Outcome.UNCHANGED);
            } finally {
                if (locked != null) {
                    executor.releaseAddLock(locked, group);
                }
            }
        }
    }

    /**
     * A NodeGroup whose template Kubernetes would refuse: said once (condition {@code SpecValid=False},
     * Warning Event naming the field), then skipped at every reconcile until fixed; other groups go on.
     */
    private Decision invalidSpec(NodeGroup g, String trigger, ReconcileFailure.InvalidSpec problem) {
        String words = problem.getMessage();
        if (!dryRun && status.raise(g, new NodeGroup.Condition(SPEC_VALID, "False", "InvalidSpec", words, clock.instant()))) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, "InvalidSpec", "NodeGroup skipped until fixed: " + words));
        }
        return failed(g.name(), trigger, problem.outcome(), "invalid NodeGroup: " + words);
    }

    /**
     * Runs one piece of housekeeping. Its failure (an API error while finishing a drain, a VPSie
     * error while collecting) is a reason, not the group's failure: the plan and its scale-up go
     * on, and the next reconcile tries the housekeeping again.
     */
    private static List<String> housekeeping(String what, Supplier<List<String>> work) {
        try {
            return work.get();
        } catch (ClusterPort.ClusterException | VpsiePort.VpsieException e) {
            LOG.warn("{} failed: {}", what, e.getMessage());
            return List.of(what + " failed (" + e.getMessage() + "); left for the next reconcile, the plan goes on");
        }
    }

    /** A Warning on the AutoscalerPolicy while a limit holds pending pods back (the adapter counts repeats). */
    private void limitReached(ClusterView view, com.vpsie.autoscaler.capacity.Plan plan) {
        if (dryRun || view.policy() == null || plan.limits() == null || plan.limits().podsHeld() == 0) {
            return;
        }
        String which = plan.unschedulablePods().stream().flatMap(u -> u.byGroup().values().stream())
                .filter(r -> r.code() == com.vpsie.autoscaler.capacity.Rejection.Code.CLUSTER_LIMIT).map(r -> r.subject()).distinct().sorted()
                .collect(java.util.stream.Collectors.joining(", "));
        cluster.record(ClusterEvent.onPolicy(view.policy(), ClusterEvent.Type.Warning, "LimitReached", plan.limits().podsHeld()
                + " pending pod(s) held back by " + which + " (GET /v1/plan says how far each limit is used)"));
    }

    /** Provisioning entries whose worker joined as a Ready node since status was written. */
    private static int joined(NodeGroup g, ClusterView view) {
        return g.status().provisioningOrEmpty().size() - SnapshotBuilder.pendingProvisioning(g, view).size();
    }

    /** Why the plan's removals go: unneeded since when, or above an open window's cap (a cap's removals are no candidates). */
    private static String scaleDownWhy(GroupPlan p) {
        return p.scaleDownCandidates().stream().filter(c -> p.scaleDown().contains(c.node()))
                .map(c -> c.node() + " since " + c.unneededSince() + " at " + Math.round(c.utilization() * 100) + "% utilization")
                .reduce((a, b) -> a + ", " + b).map(w -> "unneeded for " + w)
                .orElseGet(() -> p.reasons().stream().filter(r -> r.contains("over the cap")).findFirst().orElse("unneeded"));
    }

    private Decision coalesced(String group, String trigger, String why) {
        return Decision.of(clock.instant(), group, trigger).reasons(List.of(why)).outcome(Decision.Outcome.COALESCED);
    }

}
