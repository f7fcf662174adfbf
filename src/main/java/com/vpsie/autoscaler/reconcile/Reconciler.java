package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.GroupPlan;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Plan;
import com.vpsie.autoscaler.capacity.Planner;
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
    private final DecisionLog decisions;
    private final ReconcileConfig config;
    private final Clock clock;
    private final PlannerConfig plannerConfig;
    private final Planner planner;

    public Reconciler(ClusterPort cluster, VpsiePort vpsie, SnapshotBuilder snapshots, GroupGate gate,
                      DecisionLog decisions, ReconcileConfig config, PlannerConfig plannerConfig, Clock clock) {
        this.plannerConfig = plannerConfig;
        this.planner = new Planner(clock);
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.snapshots = snapshots;
        this.gate = gate;
        this.decisions = decisions;
        this.config = config;
        this.clock = clock;
    }

    /** Names of the managed node groups, in order. */
    public List<String> groupNames() {
        return cluster.read().nodeGroups().stream().map(NodeGroup::name).sorted().toList();
    }

    /** Every managed group at a glance; the VPSie size is left out when VPSie cannot be asked. */
    public List<NodeGroupSummary> summaries() {
        ClusterView view = cluster.read();
        Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes = sizeLookup();
        return view.nodeGroups().stream().sorted(java.util.Comparator.comparing(NodeGroup::name))
                .map(g -> NodeGroupSummary.of(g, view, sizeOrNull(sizes, g))).toList();
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
            out.add(gate.run(group, () -> reconcileNow(group, trigger), () -> coalesced(group, trigger)));
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
        return new PlanView(plan, skipped);
    }

    /** A plan, plus the groups that could not be planned and why. */
    public record PlanView(Plan plan, Map<String, String> skipped) {
    }

    private Decision reconcileNow(String group, String trigger) {
        Decision d;
        try {
            d = attempt(group, trigger);
        } catch (VpsiePort.VpsieException | IllegalStateException e) {
            d = new Decision(clock.instant(), group, trigger, Decision.Action.FAILED, 0, 0, 0, 0, List.of(), e.getMessage());
        }
        decisions.record(d);
        return d;
    }

    private Decision attempt(String group, String trigger) {
        for (int attempt = 1; ; attempt++) {
            ClusterView view = cluster.read();
            NodeGroup g = view.group(group).orElseThrow(() -> new IllegalStateException("NodeGroup " + group + " no longer exists"));
            Instant now = clock.instant();
            PlanView pv = plan(view);
            Optional<GroupPlan> gp = pv.plan().group(group);
            if (gp.isEmpty()) {
                return new Decision(now, group, trigger, Decision.Action.FAILED, 0, 0, 0, 0, List.of(), pv.skipped().get(group));
            }
            GroupPlan p = gp.get();
            List<String> reasons = new ArrayList<>(p.reasons());
            List<NodeGroup.Provisioning> still = stillProvisioning(g, view, now, reasons);
            List<NodeGroup.Provisioning> intents = new ArrayList<>();
            for (int i = 0; i < p.scaleUp(); i++) {
                intents.add(new NodeGroup.Provisioning(UUID.randomUUID().toString(), now, null, null));
            }
            List<NodeGroup.Provisioning> provisioning = new ArrayList<>(still);
            provisioning.addAll(intents);
            long ready = view.nodes().stream().filter(n -> group.equals(n.nodeGroup()) && n.ready()).count();
            NodeGroup.Status old = g.status();
            // Since-when each node has been unneeded is state the next plan's timers count from.
            NodeGroup.Status status = new NodeGroup.Status(p.currentNodes(), (int) ready, p.desiredNodes(), provisioning,
                    p.unneededSince(), intents.isEmpty() ? old.lastScaleUpTime() : now, old.lastScaleDownTime(), old.manualTarget());
            NodeGroup written;
            try {
                written = status.equals(old) ? g : cluster.writeStatus(g, status);
            } catch (ClusterPort.StatusConflict conflict) {
                if (attempt >= config.getConflictRetries()) {
                    throw new IllegalStateException(conflict.getMessage() + "; gave up after " + attempt + " attempts");
                }
                LOG.info("status of {} changed under us; re-reading and re-planning (attempt {})", group, attempt);
                continue;
            }
            if (intents.isEmpty()) {
                return new Decision(now, group, trigger, Decision.Action.NONE, p.currentNodes() + p.provisioningNodes(),
                        p.desiredNodes(), 0, 0, reasons, null);
            }
            return addNodes(written, intents, p, trigger, now, reasons);
        }
    }

    /** Asks VPSie for each intended node, then attaches what VPSie answered to the intents in status. */
    private Decision addNodes(NodeGroup g, List<NodeGroup.Provisioning> intents, GroupPlan p, String trigger, Instant now, List<String> reasons) {
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        Map<String, VpsiePort.AddedNode> answers = new HashMap<>();
        String error = null;
        for (NodeGroup.Provisioning intent : intents) {
            try {
                answers.put(intent.id(), vpsie.addNode(ref.clusterId(), ref.nodeGroupId()));
            } catch (VpsiePort.VpsieException e) {
                error = e.getMessage();
                break;
            }
        }
        settleIntents(g.name(), answers, intents);
        int added = answers.size();
        if (error != null) {
            reasons.add("VPSie refused after " + added + " of " + intents.size() + " node(s); the rest were taken back from status");
        }
        return new Decision(now, g.name(), trigger, added > 0 ? Decision.Action.SCALE_UP : Decision.Action.FAILED,
                p.currentNodes() + p.provisioningNodes(), p.currentNodes() + p.provisioningNodes() + added, added, 0, reasons, error);
    }

    /**
     * Writes VPSie's answers into the intents and drops the intents whose call failed. Re-reads on
     * conflict: the intents are found again by id in whatever status is stored now.
     */
    private void settleIntents(String group, Map<String, VpsiePort.AddedNode> answers, List<NodeGroup.Provisioning> intents) {
        for (int attempt = 1; attempt <= config.getConflictRetries(); attempt++) {
            NodeGroup g = cluster.read().group(group).orElseThrow(() -> new IllegalStateException("NodeGroup " + group + " vanished"));
            List<NodeGroup.Provisioning> settled = new ArrayList<>();
            int desired = g.status().desiredNodes();
            for (NodeGroup.Provisioning p : g.status().provisioningOrEmpty()) {
                boolean ours = intents.stream().anyMatch(i -> i.id().equals(p.id()));
                VpsiePort.AddedNode a = answers.get(p.id());
                if (ours && a == null) {
                    desired--;
                } else if (a != null) {
                    settled.add(new NodeGroup.Provisioning(p.id(), p.requestedAt(), a.identifier(), a.hostname()));
                } else {
                    settled.add(p);
                }
            }
            NodeGroup.Status s = g.status();
            try {
                cluster.writeStatus(g, new NodeGroup.Status(s.currentNodes(), s.readyNodes(), desired, settled, s.unneededSince(),
                        s.lastScaleUpTime(), s.lastScaleDownTime(), s.manualTarget()));
                return;
            } catch (ClusterPort.StatusConflict e) {
                LOG.info("status of {} changed while recording VPSie answers; retrying (attempt {})", group, attempt);
            }
        }
        throw new IllegalStateException("could not record VPSie answers in NodeGroup " + group + " status after "
                + config.getConflictRetries() + " attempts");
    }

    /** Drops provisioning entries whose node joined, and those past the provision deadline. */
    private List<NodeGroup.Provisioning> stillProvisioning(NodeGroup g, ClusterView view, Instant now, List<String> reasons) {
        List<NodeGroup.Provisioning> pending = SnapshotBuilder.pendingProvisioning(g, view);
        int joined = g.status().provisioningOrEmpty().size() - pending.size();
        if (joined > 0) {
            reasons.add(joined + " provisioning node(s) joined as Ready nodes");
        }
        List<NodeGroup.Provisioning> expired = snapshots.expired(g, view, now);
        List<NodeGroup.Provisioning> live = pending.stream().filter(p -> !expired.contains(p)).toList();
        if (!expired.isEmpty()) {
            reasons.add(expired.size() + " node(s) did not join within " + config.getMaxNodeProvisionTime()
                    + " and are no longer counted as coming");
        }
        return live;
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

    private Decision coalesced(String group, String trigger) {
        return new Decision(clock.instant(), group, trigger, Decision.Action.COALESCED, 0, 0, 0, 0,
                List.of("a reconcile of " + group + " is running; it will look again once more"), null);
    }

    /** Nodes of a group in a view, for answers about current size. */
    public static long membersOf(ClusterView view, String group) {
        return view.nodes().stream().filter(n -> group.equals(n.nodeGroup())).map(Node::name).count();
    }
}
