package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Scale-up: which pending pods need a node, which fit where they already could go (existing nodes,
 * then nodes already provisioning), and for the rest which groups to grow and by how much. Each
 * round estimates every group that could take some of the remaining pods and lets the expander
 * choose one; rounds go on until every pod is placed or no group can take any more.
 */
final class ScaleUpPlanner {
    /** Per group: nodes to add and why; the pods left without a place; where pending pods would land on existing nodes. */
    record Result(Map<String, Integer> added, Map<String, List<String>> reasons, List<UnschedulablePod> unschedulable,
                  Map<Pod, String> onExisting, PlannedCluster after) {
    }

    /** Rounds of planning and re-checking spreading; each only runs when the one before left pods to re-plan. */
    private static final int SETTLE_PASSES = 3;

    private final ClusterSnapshot snapshot;
    private final PlanningPolicy policy;
    private final List<GroupTemplate> groups;
    private final Map<String, List<Pod>> daemonPods = new HashMap<>();
    private final Map<String, Resources> templateFree = new HashMap<>();
    private final Map<String, Integer> current = new HashMap<>();
    private final Map<String, Integer> added = new TreeMap<>();
    private final Map<String, List<String>> reasons = new TreeMap<>();
    private final Map<String, Integer> onNew = new TreeMap<>();
    /** Per group, the rounds after its first that chose it again: rounds, pods, nodes. */
    private final Map<String, int[]> laterRounds = new TreeMap<>();
    /** For each shape left unplaced, each group's reason (static rule, room, or the estimate's refusal). */
    private final Map<Pod.Shape, Map<String, Rejection>> refusals = new HashMap<>();

    ScaleUpPlanner(ClusterSnapshot snapshot, PlanningPolicy policy) {
        this.snapshot = snapshot;
        this.policy = policy;
        this.groups = snapshot.groups().stream().sorted(Comparator.comparing(GroupTemplate::name)).toList();
        current.putAll(snapshot.membersPerGroup());
        for (GroupTemplate g : groups) {
            List<Pod> ds = g.daemonPods(snapshot.daemonSets());
            daemonPods.put(g.name(), ds);
            Resources free = g.allocatable();
            for (Pod p : ds) {
                free = free.minus(p.footprint());
            }
            templateFree.put(g.name(), free);
            reasons.put(g.name(), new ArrayList<>());
        }
    }

    Result plan() {
        PlannedCluster sim = initialCluster();
        Map<Pod, String> onExisting = new HashMap<>();
        Map<String, Integer> onProvisioning = new TreeMap<>();
        List<PodBatch> remaining = new ArrayList<>();
        List<Pod> waiting = new ArrayList<>(snapshot.pods().stream().filter(Pod::awaitsNode).toList());
        groups.forEach(g -> waiting.addAll(Headroom.pods(g)));
        for (PodBatch batch : PodBatch.byShape(Pod.largestFirst(waiting))) {
            List<Pod> left = placeOnExisting(sim, batch, onExisting, onProvisioning);
            if (!left.isEmpty()) {
                remaining.add(new PodBatch(batch.shape(), left));
            }
        }
        onProvisioning.forEach((g, n) -> reasons.get(g).add(n + " pending pod(s) fit on the node(s) already provisioning"));
        Map<String, Integer> laterOnProvisioning = new TreeMap<>();

        List<GroupEstimate> last = List.of();
        for (int pass = 0; pass < SETTLE_PASSES; pass++) {
            Map<String, GroupEstimate> kept = new HashMap<>();
            while (!remaining.isEmpty()) {
                // Each group's estimate works on its own fork of the planned cluster, so they run in parallel;
                // their refusals are merged afterwards in group order, so the answer does not depend on timing.
                PlannedCluster base = sim;
                List<PodBatch> pending = remaining;
                Map<String, GroupEstimate> reuse = kept;
                List<GroupEstimate> estimates = groups.parallelStream()
                        .map(g -> reuse.containsKey(g.name()) ? reuse.get(g.name()) : estimate(base, g, pending)).toList();
                last = estimates;
                List<BinPacker.Estimate> options = new ArrayList<>();
                for (GroupEstimate ge : estimates) {
                    ge.refusals().forEach((shape, why) -> refusals.computeIfAbsent(shape, x -> new TreeMap<>()).put(ge.group(), why));
                    if (ge.estimate() != null && !ge.estimate().option().pods().isEmpty()) {
                        options.add(ge.estimate());
                    }
                }
                if (options.isEmpty()) {
                    break;
                }
                options.sort(Comparator.comparing(BinPacker.Estimate::option, policy.expander().order()));
                BinPacker.Estimate best = options.get(0);
                String chosen = best.option().group().name();
                if (kept.containsKey(chosen)) {
                    // A kept estimate ranks like a fresh one, but its planned cluster predates the last commit.
                    GroupEstimate fresh = estimate(sim, best.option().group(), pending);
                    if (fresh.estimate() == null || !sameOption(fresh.estimate().option(), best.option())) {
                        kept = new HashMap<>();
                        continue;
                    }
                    best = fresh.estimate();
                }
                commit(best, options);
                kept = reusable(estimates, best, pending);
                sim = best.after();
                remaining = PodBatch.without(remaining, best.option().pods());
                List<PodBatch> filled = fillAfterCommit(sim, remaining, onExisting, laterOnProvisioning);
                kept = filled == remaining ? kept : new HashMap<>();
                remaining = filled;
            }
            List<Pod> unsettled = SpreadSettler.settle(sim);
            if (unsettled.isEmpty()) {
                break;
            }
            List<Pod> again = new ArrayList<>(unsettled);
            remaining.forEach(b -> again.addAll(b.pods()));
            remaining = PodBatch.byShape(Pod.largestFirst(again));
        }
        laterRounds.forEach((g, t) -> reasons.get(g).add("then " + t[1] + " more pending pod(s) on " + t[2] + " more new node(s), chosen again in "
                + t[0] + " later round(s)"));
        laterOnProvisioning.forEach((g, n) -> reasons.get(g).add(n + " more pending pod(s) that spread fit on the node(s) already provisioning"));
        onNew.forEach((g, n) -> reasons.get(g).add(n + " pending pod(s) that spread fit on the node(s) this plan adds once other domains have theirs"));
        recount(sim);
        if (!remaining.isEmpty()) {
            // A group that could host waiting pods but may not grow says so, instead of "no pending pods need this group".
            for (GroupEstimate ge : last) {
                if (ge.roomless() > 0) {
                    reasons.get(ge.group()).add(ge.roomless() + " pending pod(s) would fit this group's nodes but wait: " + ge.roomReason());
                }
            }
        }
        explainHeadroom(sim, remaining);
        return new Result(added, reasons, unschedulable(remaining), onExisting, sim);
    }

    /**
     * Nodes actually used once spreading has been settled: settling may move pods off a new node
     * and leave it empty, and an empty node is not worth asking VPSie for.
     */
    private void recount(PlannedCluster sim) {
        Map<String, Integer> used = new HashMap<>();
        for (PlannedNode n : List.copyOf(sim.nodes())) {
            if (n.kind() == PlannedNode.Kind.NEW) {
                if (n.plannedPods() == 0) {
                    sim.remove(n);
                } else {
                    used.merge(n.group(), 1, Integer::sum);
                }
            }
        }
        for (Map.Entry<String, Integer> e : added.entrySet()) {
            int now = used.getOrDefault(e.getKey(), 0);
            if (now < e.getValue()) {
                reasons.get(e.getKey()).add("after checking topology spreading against the whole planned cluster, "
                        + now + " of the " + e.getValue() + " node(s) are needed");
                e.setValue(now);
            }
        }
    }

    /** The snapshot with pending pods on the nodes they are nominated for, and every provisioning node as it will join. */
    private PlannedCluster initialCluster() {
        PlannedCluster sim = PlannedCluster.of(snapshot.nodes(), snapshot.pods(), PlannedCluster.Seating.BOUND_AND_NOMINATED);
        for (GroupTemplate g : groups) {
            for (int i = 0; i < g.provisioningNodes(); i++) {
                sim.addGroupNode(g, g.name() + "-provisioning-" + i, PlannedNode.Kind.PROVISIONING, daemonPods.get(g.name()));
            }
        }
        return sim;
    }

    /**
     * A pod that spreads may be refused only because its domain is ahead of the others: once a
     * commit gives them theirs, it fits nodes that refused it, new ones too. Without this each round
     * added a node per such pod (10,000 pods spread over a group per zone: 6,653 nodes, not 1,431).
     */
    private List<PodBatch> fillAfterCommit(PlannedCluster sim, List<PodBatch> remaining, Map<Pod, String> onExisting,
                                           Map<String, Integer> onProvisioning) {
        List<PodBatch> left = new ArrayList<>();
        boolean placed = false;
        for (PodBatch b : remaining) {
            List<Pod> still = b.monotone() ? b.pods() : placeOnExisting(sim, b, onExisting, onProvisioning);
            placed |= still.size() < b.pods().size();
            if (!still.isEmpty()) {
                left.add(still.size() == b.pods().size() ? b : new PodBatch(b.shape(), still));
            }
        }
        return placed ? left : remaining;  // the same list when nothing moved: kept estimates still hold
    }

    /** First fit over Ready existing nodes, then nodes already provisioning (and planned ones); returns the pods that fit nowhere. */
    private List<Pod> placeOnExisting(PlannedCluster sim, PodBatch batch, Map<Pod, String> onExisting, Map<String, Integer> onProvisioning) {
        List<PlannedNode> targets = sim.nodes().stream().filter(PlannedNode::acceptsPods).toList();
        List<Pod> pods = batch.pods();
        PodBatch.Cursor cursor = batch.cursor();
        PreFilterState state = null;
        for (int i = 0; i < pods.size(); i++) {
            Pod pod = pods.get(i);
            state = sim.prepare(pod, state);
            int at = sim.firstFit(pod, targets, cursor.from(state), state, null, FitPredicate.STATIC, FitPredicate.DYNAMIC);
            if (at < 0) {
                // A refusal changes nothing, so the batch's later pods (the same shape) are refused the same way.
                return pods.subList(i, pods.size());
            }
            cursor.placedAt(at);
            PlannedNode target = targets.get(at);
            sim.place(pod, target);
            if (target.kind() == PlannedNode.Kind.PROVISIONING) {
                if (!Headroom.isVirtual(pod)) {
                    onProvisioning.merge(target.group(), 1, Integer::sum);
                }
            } else if (target.kind() == PlannedNode.Kind.NEW) {
                onNew.merge(target.group(), 1, Integer::sum);
            } else {
                onExisting.put(pod, target.name());
            }
        }
        return List.of();
    }

    /**
     * One group's option (null when it can take none of the pods), its reason for each shape it
     * refuses, and how many pending pods would fit its nodes but find no room ({@code roomReason}).
     */
    private record GroupEstimate(String group, BinPacker.Estimate estimate, Map<Pod.Shape, Rejection> refusals, int roomless, Rejection roomReason,
                                 List<Pod> fittingFirsts) {
        GroupEstimate(String group, BinPacker.Estimate estimate, Map<Pod.Shape, Rejection> refusals) {
            this(group, estimate, refusals, 0, null, List.of());
        }
    }

    /** Reads only the planner's state; writes nothing but its own fork and answer. */
    private GroupEstimate estimate(PlannedCluster sim, GroupTemplate g, List<PodBatch> remaining) {
        PlannedNode template = new PlannedNode(g.newNode(g.name() + "-template"), PlannedNode.Kind.NEW, templateFree.get(g.name()));
        Map<Pod.Shape, Rejection> refused = new HashMap<>();
        List<PodBatch> fitting = new ArrayList<>();
        for (PodBatch b : remaining) {
            Rejection why = FitPredicate.firstRejection(b.first(), template, null, FitPredicate.STATIC);
            if (why == null) {
                why = template.free().fits(b.first().footprint()) ? null : template.free().shortfallOfSize(b.first().footprint());
            }
            if (why != null) {
                refused.put(b.shape(), why);
            } else {
                fitting.add(b);
            }
        }
        if (fitting.isEmpty()) {
            return new GroupEstimate(g.name(), null, refused);
        }
        int size = current.getOrDefault(g.name(), 0) + g.provisioningNodes() + added.getOrDefault(g.name(), 0);
        int room = g.ceiling() - size;
        Rejection roomReason = g.ceiling() < g.maxNodes() ? Rejection.groupWindowCap(g.ceiling(), g.disruption().capSource())
                : Rejection.groupMaxNodes(g.maxNodes());
        int stepRoom = g.maxNodesPerStep() - added.getOrDefault(g.name(), 0);
        if (stepRoom < room) {
            room = stepRoom;
            roomReason = Rejection.groupStepLimit(g.maxNodesPerStep());
        }
        int clusterRoom = clusterRoom();
        if (clusterRoom < room) {
            room = clusterRoom;
            roomReason = Rejection.clusterNodeCap(policy.maxNodesTotal());
        }
        ClusterLimits.Room limited = policy.limits().room(g, groups, current, added);
        if (limited.nodes() < room) {
            room = limited.nodes();
            roomReason = limited.limit();
        }
        Resources basis = templateFree.get(g.name());
        fitting.sort(Comparator.comparingDouble((PodBatch b) -> -b.first().requests().dominantShare(basis))
                .thenComparing(b -> b.first().key()));
        BinPacker.Estimate e = BinPacker.estimate(sim, g, daemonPods.get(g.name()), fitting, Math.max(0, room), roomReason,
                added.getOrDefault(g.name(), 0));
        refused.putAll(e.refused());
        int roomless = room > 0 ? 0 : fitting.stream().mapToInt(b -> b.pods().size()).sum();
        return new GroupEstimate(g.name(), e, refused, roomless, roomReason, fitting.stream().map(PodBatch::first).toList());
    }

    private int clusterRoom() {
        if (policy.maxNodesTotal() == 0) {
            return Integer.MAX_VALUE;
        }
        int total = snapshot.nodes().size();
        for (GroupTemplate g : groups) {
            total += g.provisioningNodes() + added.getOrDefault(g.name(), 0);
        }
        return policy.maxNodesTotal() - total;
    }

    private void commit(BinPacker.Estimate best, List<BinPacker.Estimate> options) {
        ScaleUpOption o = best.option();
        String g = o.group().name();
        boolean again = added.containsKey(g);
        added.merge(g, o.nodes(), Integer::sum);
        if (again) {
            // A later round for the same group: counted into one line, not a sentence per round.
            laterRounds.merge(g, new int[]{1, o.pods().size(), o.nodes()}, (a, b) -> new int[]{a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            return;
        }
        Resources r = o.group().allocatable();
        StringBuilder why = new StringBuilder().append(o.pods().size()).append(" pending pod(s) need ").append(o.nodes())
                .append(" new node(s) of ").append(Quantity.formatMilliCpu(r.milliCpu())).append(" CPU / ")
                .append(Quantity.formatBytes(r.memoryBytes())).append(" (bin-packed on every scheduling rule)");
        if (options.size() > 1) {
            StringJoiner others = new StringJoiner("; ");
            options.subList(1, options.size()).forEach(e -> others.add(e.option().describe()));
            why.append("; chosen by ").append(policy.expander().wireName()).append(" as ").append(o.describe())
                    .append(" over ").append(others);
        }
        reasons.get(g).add(why.toString());
    }

    /**
     * The estimates the next round may keep instead of computing again (Karpenter and the Cluster
     * Autoscaler estimate every group every round). An estimate stays what a fresh one would be
     * when none of its pods were taken by the chosen option, and no pod it could host (placed or
     * refused) has a rule that nodes added elsewhere could change: no anti-affinity or spreading of
     * its own, none of another pod against it, and no cluster-wide node cap (the chosen nodes use
     * up that room). Pods one shape (one batch) judge alike, so each batch's first pod stands for it.
     */
    private Map<String, GroupEstimate> reusable(List<GroupEstimate> estimates, BinPacker.Estimate chosen, List<PodBatch> pending) {
        Map<String, GroupEstimate> out = new HashMap<>();
        if (policy.maxNodesTotal() != 0 || policy.limits().any()) {
            return out;
        }
        // An estimate places each batch's pods first to last until one is refused, so two options share a pod only
        // if they share a batch's first: the chosen option's firsts stand for all it took.
        java.util.Set<Pod> firsts = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        pending.forEach(b -> firsts.add(b.first()));
        java.util.Set<Pod> taken = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        chosen.option().pods().stream().filter(firsts::contains).forEach(taken::add);
        for (GroupEstimate ge : estimates) {
            if (ge.group().equals(chosen.option().group().name())) {
                continue;
            }
            if (ge.estimate() == null || ge.estimate().option().pods().stream().noneMatch(taken::contains)
                    && ge.fittingFirsts().stream().allMatch(p -> unaffected(p, chosen.after()))) {
                out.put(ge.group(), ge);
            }
        }
        return out;
    }

    private static boolean unaffected(Pod p, PlannedCluster cluster) {
        if (!p.antiAffinity().isEmpty() || !p.spread().isEmpty()) {
            return false;
        }
        for (PlannedCluster.HolderKey h : cluster.holders().keySet()) {
            if (h.term().selects(p, h.holderNamespace())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameOption(ScaleUpOption a, ScaleUpOption b) {
        return a.nodes() == b.nodes() && a.pods().size() == b.pods().size() && a.podRequests().equals(b.podRequests());
    }

    /** Where each group's headroom lands, in its reasons. */
    private void explainHeadroom(PlannedCluster sim, List<PodBatch> remaining) {
        for (GroupTemplate g : groups) {
            if (!g.headroom().isEmpty()) {
                reasons.get(g.name()).add(Headroom.whereItLands(g, sim, remaining, refusals));
            }
        }
    }

    private List<UnschedulablePod> unschedulable(List<PodBatch> remaining) {
        List<UnschedulablePod> out = new ArrayList<>();
        for (PodBatch b : remaining) {
            if (Headroom.isVirtual(b.first())) {
                continue; // said in the group's reasons: no pod waits for it
            }
            Map<String, Rejection> why = refusals.getOrDefault(b.shape(), Map.of());
            if (why.isEmpty() && !groups.isEmpty()) {
                // Placed by an estimate, then moved off by settling spreads, with nowhere left to go.
                Rejection unsettled = Rejection.unsettledSpread();
                why = new TreeMap<>();
                for (GroupTemplate g : groups) {
                    why.put(g.name(), unsettled);
                }
            }
            for (Pod p : b.pods()) {
                out.add(new UnschedulablePod(p.key(), why));
            }
        }
        out.sort(Comparator.comparing(UnschedulablePod::pod));
        return out;
    }
}
