package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.GroupPlan;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Plan;
import com.vpsie.autoscaler.capacity.Planner;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.UnschedulablePod;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One reconcile of one node group: read the cluster, plan, write the intent to status, ask VPSie,
 * record the answer. Triggers only say "look again", so running this twice on the same cluster
 * adds nothing the second time: nodes asked for are in status until they join.
 */
@Singleton
public class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final SnapshotBuilder snapshots;
    private final GroupGate gate;
    private final GroupLease lease;
    private final GroupStatus status;
    private final Drainer drainer;
    private final DecisionLog decisions;
    private final GroupMetrics metrics;
    private final GarbageCollector gc;
    private final AddLock addLock;
    private final ReconcileConfig config;
    private final Clock clock;
    private final PlannerConfig plannerConfig;
    private final Planner planner;
    private final boolean dryRun;
    /** Pod Events already sent, so a storm of triggers does not repeat them (pod/reason → when). */
    private final Map<String, Instant> toldPods = new ConcurrentHashMap<>();

    public Reconciler(ClusterPort cluster, VpsiePort vpsie, SnapshotBuilder snapshots, GroupGate gate, GroupLease lease,
                      GroupStatus status, Drainer drainer, GarbageCollector gc, AddLock addLock, DecisionLog decisions, GroupMetrics metrics,
                      ReconcileConfig config, PlannerConfig plannerConfig, Clock clock, @Value("${autoscaler.dry-run:false}") boolean dryRun) {
        this.metrics = metrics;
        this.gc = gc;
        this.addLock = addLock;
        this.plannerConfig = plannerConfig;
        this.planner = new Planner(clock);
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.snapshots = snapshots;
        this.gate = gate;
        this.lease = lease;
        this.status = status;
        this.drainer = drainer;
        this.decisions = decisions;
        this.config = config;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Names of the managed node groups, in order. */
    public List<String> groupNames() {
        return cluster.nodeGroups().stream().map(NodeGroup::name).sorted().toList();
    }

    /** Every managed group at a glance; the VPSie size is left out when VPSie cannot be asked. */
    public List<NodeGroupSummary> summaries() {
        ClusterView view = cluster.read();
        Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes = sizeLookup();
        return view.nodeGroups().stream().sorted(java.util.Comparator.comparing(NodeGroup::name))
                .map(g -> NodeGroupSummary.of(g, view, sizeOrNull(sizes, g), g.spec().vpsie() == null || g.spec().vpsie().clusterId() == null
                        ? List.of() : gc.unattributed(g.spec().vpsie().clusterId()))).toList();
    }

    private static VpsiePort.VpsieGroup sizeOrNull(Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes, NodeGroup g) {
        try {
            return sizes.apply(g).orElse(null);
        } catch (VpsiePort.VpsieException e) {
            LOG.warn("size of {} unknown: {}", g.name(), e.getMessage());
            return null;
        }
    }

    /** Reconciles each named group (coalescing with runs already in progress) and returns what each did. */
    public List<Decision> reconcile(Collection<String> groups, String trigger) {
        List<Decision> out = new ArrayList<>();
        for (String group : groups) {
            out.add(gate.run(group, () -> leased(group, trigger),
                    () -> coalesced(group, trigger, "a reconcile of " + group + " is running here; it will look again once more")));
        }
        return out;
    }

    /** The plan for the live cluster, changing nothing. */
    public PlanView livePlan() {
        ClusterView view = cluster.read();
        return plan(view);
    }

    /** The plan for a cluster view, with VPSie sizes looked up live. */
    public PlanView plan(ClusterView view) {
        return whatIf(view, sizeLookup());
    }

    /** The plan for any cluster view and any VPSie sizes: no side effects. */
    public PlanView whatIf(ClusterView view, Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes) {
        Map<String, String> skipped = new LinkedHashMap<>();
        Plan plan = planner.plan(snapshots.build(view, sizes, clock.instant(), skipped), plannerConfig.policy());
        return new PlanView(plan, skipped, view.gated());
    }

    /** A plan, plus the groups that could not be planned and why, and the pods no plan is for: held by scheduling gates. */
    public record PlanView(Plan plan, Map<String, String> skipped, List<ClusterView.GatedPod> gated) {
    }

    /** Acts only while holding the group's Lease; a replica that cannot take it leaves the work to the holder. */
    private Decision leased(String group, String trigger) {
        try {
            return lease.holding(group, holder -> {
                Decision d = coalesced(group, trigger, holder + " holds the Lease of " + group + " and is reconciling it");
                decisions.record(d);
                return d;
            }, () -> reconcileNow(group, trigger));
        } catch (ClusterPort.ClusterException e) {
            return failed(group, trigger, "could not take the Lease of " + group + ": " + e.getMessage());
        }
    }

    private Decision reconcileNow(String group, String trigger) {
        Decision d;
        try {
            d = attempt(group, trigger, clock.instant().plus(config.getTimeout()));
        } catch (VpsiePort.VpsieException | ClusterPort.ClusterException | IllegalStateException | IllegalArgumentException e) {
            // IllegalArgumentException: a NodeGroup field the planner could not read (a bad spec.scaleUp.cooldown), named in the message.
            d = failed(group, trigger, e.getMessage());
        }
        decisions.record(d);
        return d;
    }

    private Decision failed(String group, String trigger, String error) {
        return new Decision(clock.instant(), group, trigger, Decision.Action.FAILED, 0, 0, 0, 0, List.of(), error);
    }

    private Decision attempt(String group, String trigger, Instant deadline) {
        List<String> housekeeping = new ArrayList<>();
        ClusterView view = cluster.read();
        NodeGroup before = view.group(group).orElseThrow(() -> new IllegalStateException("NodeGroup " + group + " no longer exists"));
        if (!dryRun) {
            NodeGroup read = before;
            ClusterView seen = view;
            housekeeping.addAll(housekeeping("drain recovery", () -> drainer.recover(read, deadline)));
            housekeeping.addAll(housekeeping("garbage collection", () -> gc.collect(read, seen)));
            if (!housekeeping.isEmpty()) {
                view = cluster.read();
                before = view.group(group).orElseThrow(() -> new IllegalStateException("NodeGroup " + group + " no longer exists"));
            }
        }
        Optional<String> invalid = TemplateRules.problem(before.spec());
        if (invalid.isPresent()) {
            return invalidSpec(before, trigger, invalid.get());
        }
        if (!dryRun && before.status().condition(SPEC_VALID).filter(c -> !c.isTrue()).isPresent()) {
            status.update(group, s -> s.withCondition(new NodeGroup.Condition(SPEC_VALID, "True", "Valid", null, clock.instant())));
        }
        housekeeping.addAll(adoptJoined(before, view));
        // One read per reconcile, unless housekeeping changed the cluster or a status write lost a race.
        boolean fresh = housekeeping.isEmpty() || dryRun;
        for (int attempt = 1; ; attempt++) {
            if (!fresh) {
                view = cluster.read();
            }
            fresh = false;
            String locked = null;
            try {
                NodeGroup g = view.group(group).orElseThrow(() -> new IllegalStateException("NodeGroup " + group + " no longer exists"));
                Instant now = clock.instant();
                PlanView pv = plan(view);
                Optional<GroupPlan> gp = pv.plan().group(group);
                if (gp.isEmpty()) {
                    return new Decision(now, group, trigger, Decision.Action.FAILED, 0, 0, 0, 0, housekeeping, pv.skipped().get(group));
                }
                GroupPlan p = gp.get();
                metrics.planned(g, p);
                List<String> reasons = new ArrayList<>(housekeeping);
                reasons.addAll(p.reasons());
                List<NodeGroup.Provisioning> expired = snapshots.expired(g, view, now);
                List<NodeGroup.Provisioning> still = stillProvisioning(g, view, expired, reasons);
                List<NodeGroup.Provisioning> intents = new ArrayList<>();
                Optional<String> paused = p.scaleUp() > 0 ? addPause(g, now) : Optional.empty();
                if (paused.isEmpty() && p.scaleUp() > 0 && !dryRun) {
                    paused = takeAddLock(g);
                    locked = paused.isEmpty() ? g.spec().vpsie().clusterId() : null;
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
                        .withScaleUpBackoff(backoff(g, view, now, !expired.isEmpty()));
                NodeGroup written;
                try {
                    written = next.equals(old) ? g : cluster.writeStatus(g, next);
                } catch (ClusterPort.StatusConflict conflict) {
                    if (attempt >= config.getConflictRetries()) {
                        throw new IllegalStateException(conflict.getMessage() + "; gave up after " + attempt + " attempts");
                    }
                    LOG.info("status of {} changed under us; re-reading and re-planning (attempt {})", group, attempt);
                    continue;
                }
                if (!expired.isEmpty()) {
                    expire(g, expired, reasons);
                }
                tellPods(view, pv.plan(), p, written);
                int size = p.currentNodes() + p.provisioningNodes();
                if (dryRun) {
                    reasons.add("dry run (autoscaler.dry-run): would add " + p.scaleUp() + " and remove " + p.scaleDown().size()
                            + " node(s); nothing asked of VPSie, nothing drained");
                    return new Decision(now, group, trigger, Decision.Action.DRY_RUN, size, size + p.scaleUp() - p.scaleDown().size(),
                            0, 0, reasons, null);
                }
                if (!intents.isEmpty()) {
                    return addNodes(written, intents, p, trigger, now, reasons, deadline);
                }
                if (!p.scaleDown().isEmpty() && written.status().drainingOrEmpty().isEmpty()) {
                    Drainer.Outcome out = drainer.drain(written, p.scaleDown(), "unneeded for " + scaleDownWhy(p), deadline);
                    reasons.addAll(out.reasons());
                    return new Decision(now, group, trigger, out.removed().isEmpty() ? Decision.Action.NONE : Decision.Action.SCALE_DOWN,
                            size, size - out.removed().size(), 0, out.removed().size(), reasons, null);
                }
                return new Decision(now, group, trigger, Decision.Action.NONE, size, p.desiredNodes(), 0, 0, reasons, null);
            } finally {
                if (locked != null) {
                    addLock.release(locked, group);
                }
            }
        }
    }

    static final String SPEC_VALID = "SpecValid";
    static final String NODE_UPDATE_REFUSED = "NodeUpdateRefused";

    /** A 422 on a node update: a condition and one Warning Event per message, the plan goes on. */
    private void refusedUpdate(NodeGroup g, String node, String why) {
        String message = "the API server refused to label node " + node + ": " + why;
        if (status.raise(g, new NodeGroup.Condition(NODE_UPDATE_REFUSED, "True", "Invalid", message, clock.instant()))) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, NODE_UPDATE_REFUSED, message));
        }
    }

    /**
     * A NodeGroup whose template Kubernetes would refuse: said once (condition {@code SpecValid=False},
     * Warning Event naming the field), then skipped at every reconcile until fixed; other groups go on.
     */
    private Decision invalidSpec(NodeGroup g, String trigger, String problem) {
        if (!dryRun && status.raise(g, new NodeGroup.Condition(SPEC_VALID, "False", "InvalidTemplate", problem, clock.instant()))) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, "InvalidSpec", "NodeGroup skipped until fixed: " + problem));
        }
        return new Decision(clock.instant(), g.name(), trigger, Decision.Action.FAILED, 0, 0, 0, 0, List.of(), "invalid NodeGroup: " + problem);
    }

    /**
     * Runs one piece of housekeeping. Its failure (an API error while finishing a drain, a VPSie
     * error while collecting) is a reason, not the group's failure: the plan and its scale-up go
     * on, and the next reconcile tries the housekeeping again.
     */
    private static List<String> housekeeping(String what, java.util.function.Supplier<List<String>> work) {
        try {
            return work.get();
        } catch (ClusterPort.ClusterException | VpsiePort.VpsieException e) {
            LOG.warn("{} failed: {}", what, e.getMessage());
            return List.of(what + " failed (" + e.getMessage() + "); left for the next reconcile, the plan goes on");
        }
    }

    /**
     * Takes the add lock of the group's VPSie cluster, and checks under it that no other group of
     * that cluster still waits for an add to be identified: new workers would not be told apart.
     *
     * @return why adds wait, or empty when the lock is held and adds may go
     */
    private Optional<String> takeAddLock(NodeGroup g) {
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        if (ref == null || ref.clusterId() == null) {
            return Optional.of("adds wait: spec.vpsie.clusterId is not set");
        }
        Optional<String> holder = addLock.take(ref.clusterId(), g.name());
        if (holder.isPresent()) {
            return Optional.of("adds wait: " + holder.get() + " is adding to VPSie cluster " + ref.clusterId()
                    + " (one adder at a time, so each new worker is attributed exactly)");
        }
        List<String> waiting = Attribution.peers(g, cluster.nodeGroups()).stream()
                .filter(x -> !x.name().equals(g.name()) && !Attribution.unidentified(x).isEmpty()).map(NodeGroup::name).toList();
        if (!waiting.isEmpty()) {
            addLock.release(ref.clusterId(), g.name());
            return Optional.of("adds wait: group(s) " + waiting + " of VPSie cluster " + ref.clusterId()
                    + " have adds whose worker VPSie does not list yet; new workers could not be told apart");
        }
        return Optional.empty();
    }

    /**
     * Why adds to this group are paused, if they are: the group's {@code scaleUp.cooldown} since the
     * last scale-up has not passed; its workers did not join in time (exponential backoff); or VPSie
     * said the account cannot grow, and asking before {@code quota-backoff} or a manual action only
     * repeats the refusal.
     */
    private Optional<String> addPause(NodeGroup g, Instant now) {
        NodeGroup.ScaleUp up = g.spec().scaleUp();
        if (up != null && up.cooldown() != null && g.status().lastScaleUpTime() != null) {
            Instant until = g.status().lastScaleUpTime().plus(DurationText.parse(up.cooldown(), "spec.scaleUp.cooldown"));
            if (now.isBefore(until)) {
                return Optional.of("adds paused: scaleUp.cooldown " + up.cooldown() + " since the last scale-up, until " + until);
            }
        }
        NodeGroup.ScaleUpBackoff b = g.status().scaleUpBackoff();
        if (b != null && now.isBefore(b.until())) {
            return Optional.of("adds paused: " + b.failures() + " provision timeout(s) in a row; backing off until " + b.until());
        }
        return quotaPause(g, now);
    }

    /**
     * The backoff status carries after this reconcile: one more failure (and a doubled pause) when
     * workers expired now, cleared when a worker joined, unchanged otherwise.
     */
    private NodeGroup.ScaleUpBackoff backoff(NodeGroup g, ClusterView view, Instant now, boolean timedOut) {
        NodeGroup.ScaleUpBackoff b = g.status().scaleUpBackoff();
        if (timedOut) {
            int failures = (b == null ? 0 : b.failures()) + 1;
            long factor = 1L << Math.min(20, failures - 1);
            java.time.Duration pause = config.getBackoffBase().multipliedBy(factor);
            return new NodeGroup.ScaleUpBackoff(failures, now.plus(pause.compareTo(config.getBackoffMax()) > 0 ? config.getBackoffMax() : pause));
        }
        int joined = g.status().provisioningOrEmpty().size() - SnapshotBuilder.pendingProvisioning(g, view).size();
        return joined > 0 ? null : b;
    }

    private Optional<String> quotaPause(NodeGroup g, Instant now) {
        return g.status().condition(QUOTA_EXCEEDED).filter(NodeGroup.Condition::isTrue)
                .filter(c -> c.lastTransitionTime() == null || now.isBefore(c.lastTransitionTime().plus(config.getQuotaBackoff())))
                .map(c -> "adds paused: VPSie quota exceeded at " + c.lastTransitionTime() + " (" + c.message() + "); until "
                        + (c.lastTransitionTime() == null ? "a manual action" : c.lastTransitionTime().plus(config.getQuotaBackoff())
                        + " (autoscaler.reconcile.quota-backoff) or a manual POST /v1/scale"));
    }

    static final String QUOTA_EXCEEDED = "QuotaExceeded";

    private static String scaleDownWhy(GroupPlan p) {
        return p.scaleDownCandidates().stream().filter(c -> p.scaleDown().contains(c.node()))
                .map(c -> c.node() + " since " + c.unneededSince() + " at " + Math.round(c.utilization() * 100) + "% utilization")
                .reduce((a, b) -> a + ", " + b).orElse("its unneeded time");
    }

    /**
     * Puts the group's labels, taints and group label on nodes that joined for it (VPSie does not),
     * recognised by the hostname VPSie gave when the worker was asked for.
     */
    private List<String> adoptJoined(NodeGroup g, ClusterView view) {
        List<String> reasons = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>(g.spec().labels());
        labels.put(Node.GROUP_LABEL, g.name());
        List<com.vpsie.autoscaler.capacity.Taint> taints = SnapshotBuilder.taints(g);
        for (NodeGroup.Provisioning p : g.status().provisioningOrEmpty()) {
            Optional<Node> joined = view.nodes().stream().filter(n -> n.name().equalsIgnoreCase(p.hostname())).findFirst();
            if (joined.isEmpty() || (joined.get().labels().entrySet().containsAll(labels.entrySet())
                    && joined.get().taints().containsAll(taints))) {
                continue;
            }
            String node = joined.get().name();
            if (dryRun) {
                reasons.add("dry run: would label node " + node + " for group " + g.name());
                continue;
            }
            try {
                cluster.labelNode(node, labels, taints);
            } catch (ClusterPort.ClusterException e) {
                if (!e.invalid()) {
                    throw e;
                }
                // The API server refuses this node update (422): retrying every reconcile would stall the group for good.
                refusedUpdate(g, node, e.getMessage());
                reasons.add("node " + node + " joined but the API server refused its labels and taints (" + e.getMessage()
                        + "); reported, not retried");
                continue;
            }
            reasons.add("node " + node + " joined; gave it the group's labels and taints");
        }
        return reasons;
    }

    /**
     * The Cluster Autoscaler's pod Events: {@code TriggeredScaleUp} on pods the new nodes are for,
     * {@code NotTriggerScaleUp} with the reason on pods no group can host. Each pod hears the same
     * thing at most once per {@code autoscaler.reconcile.pod-event-interval}.
     */
    private void tellPods(ClusterView view, Plan plan, GroupPlan p, NodeGroup g) {
        Instant now = clock.instant();
        toldPods.values().removeIf(t -> t.isBefore(now.minus(config.getPodEventInterval())));
        int budget = config.getMaxPodEventsPerReconcile();
        for (UnschedulablePod u : plan.unschedulablePods()) {
            if (budget > 0 && toldPods.putIfAbsent(u.pod() + "|no|" + u.reason(), now) == null) {
                budget--;
                String[] ns = u.pod().split("/", 2);
                cluster.record(ClusterEvent.onPod(ns[0], ns[1], ClusterEvent.Type.Normal, "NotTriggerScaleUp",
                        "pod didn't trigger scale-up: " + u.reason()));
            }
        }
        if (p.scaleUp() == 0) {
            return;
        }
        String message = "pod triggered scale-up: [{" + g.name() + " " + (p.currentNodes() + p.provisioningNodes()) + "->"
                + (p.currentNodes() + p.provisioningNodes() + p.scaleUp()) + " (max: " + g.spec().max() + ")}]";
        if (dryRun) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Normal, "ScaleUpDryRun",
                    "would add " + p.scaleUp() + " node(s): " + String.join("; ", p.reasons())));
        }
        java.util.Set<String> unschedulable = new java.util.HashSet<>();
        plan.unschedulablePods().forEach(u -> unschedulable.add(u.pod()));
        for (Pod pod : view.pods()) {
            if (budget <= 0) {
                break;
            }
            if (pod.awaitsNode() && !unschedulable.contains(pod.key())
                    && toldPods.putIfAbsent(pod.key() + "|up|" + g.name(), now) == null) {
                budget--;
                cluster.record(ClusterEvent.onPod(pod.namespace(), pod.name(), ClusterEvent.Type.Normal, "TriggeredScaleUp", message));
            }
        }
    }

    /** Asks VPSie for each intended node, then attaches what VPSie answered to the intents in status. */
    private Decision addNodes(NodeGroup g, List<NodeGroup.Provisioning> intents, GroupPlan p, String trigger, Instant now, List<String> reasons,
                              Instant deadline) {
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        Map<String, VpsiePort.AddedNode> answers = new HashMap<>();
        String error = null;
        VpsiePort.VpsieException quota = null;
        VpsiePort.Adder adder = vpsie.adder(ref.clusterId(), ref.nodeGroupId());
        for (NodeGroup.Provisioning intent : intents) {
            // Renewed before each call: a slow VPSie must not let the Lease lapse while this replica still acts.
            if (!answers.isEmpty() && !clock.instant().isBefore(deadline)) {
                error = "the reconcile's time (autoscaler.reconcile.timeout " + config.getTimeout() + ") ran out after " + answers.size() + " add(s)";
                break;
            }
            Optional<String> holder = answers.isEmpty() ? Optional.empty() : lease.acquire(g.name())
                    .or(() -> addLock.take(ref.clusterId(), g.name()).map(h -> h + " (the add lock of VPSie cluster " + ref.clusterId() + ")"));
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
                : new NodeGroup.Condition(QUOTA_EXCEEDED, "True", "VpsieQuota", quota.getMessage(), clock.instant()));
        if (quota != null) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, QUOTA_EXCEEDED, "VPSie refused to add workers: "
                    + quota.getMessage() + "; adds to " + g.name() + " pause for " + config.getQuotaBackoff()
                    + " or until a manual POST /v1/scale"));
            reasons.add("VPSie quota exceeded: adds pause for " + config.getQuotaBackoff() + " or until a manual POST /v1/scale");
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
        return new Decision(now, g.name(), trigger, added > 0 ? Decision.Action.SCALE_UP : Decision.Action.FAILED,
                from, from + added, added, 0, reasons, error);
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
            boolean wasPaused = s.condition(QUOTA_EXCEEDED).map(NodeGroup.Condition::isTrue).orElse(false);
            return wasPaused && !answers.isEmpty()
                    ? next.withCondition(new NodeGroup.Condition(QUOTA_EXCEEDED, "False", "Added", "VPSie added workers again", clock.instant()))
                    : next;
        });
    }

    /** Drops provisioning entries whose node joined, and those past the provision deadline ({@code expired}). */
    private List<NodeGroup.Provisioning> stillProvisioning(NodeGroup g, ClusterView view, List<NodeGroup.Provisioning> expired,
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
    private void expire(NodeGroup g, List<NodeGroup.Provisioning> expired, List<String> reasons) {
        metrics.provisionTimeouts(g.name(), expired.size());
        cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, "ProvisionTimeout", expired.size()
                + " node(s) asked of VPSie did not become Ready nodes within " + config.getMaxNodeProvisionTime()));
        reasons.add(expired.size() + " node(s) did not join within " + config.getMaxNodeProvisionTime()
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
                    reasons.add("an add VPSie accepted never showed in its listing within " + config.getMaxNodeProvisionTime()
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

    private Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizeLookup() {
        Map<String, List<VpsiePort.VpsieGroup>> byCluster = new HashMap<>();
        return g -> {
            NodeGroup.VpsieRef ref = g.spec().vpsie();
            if (ref == null || ref.clusterId() == null || ref.nodeGroupId() == null) {
                return Optional.empty();
            }
            List<VpsiePort.VpsieGroup> groups = byCluster.computeIfAbsent(ref.clusterId(), vpsie::nodeGroups);
            return groups.stream().filter(v -> v.id() == ref.nodeGroupId()).findFirst();
        };
    }

    private Decision coalesced(String group, String trigger, String why) {
        return new Decision(clock.instant(), group, trigger, Decision.Action.COALESCED, 0, 0, 0, 0, List.of(why), null);
    }

    /** Nodes of a group in a view, for answers about current size. */
    public static long membersOf(ClusterView view, String group) {
        return view.nodes().stream().filter(n -> group.equals(n.nodeGroup())).map(Node::name).count();
    }
}
