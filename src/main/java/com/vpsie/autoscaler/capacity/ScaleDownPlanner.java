package com.vpsie.autoscaler.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scale-down: nodes of a group whose pods' requests are below the group's utilization threshold,
 * whose pods may all be evicted and would all fit on the other nodes (never on a node removed in
 * the same plan), while the group stays at or above its floor. Emptiest first.
 */
final class ScaleDownPlanner {
    /** One group's scale-down view. */
    record GroupResult(List<ScaleDownCandidate> candidates, List<String> scaleDown, List<BlockedNode> blocked, List<String> reasons) {
    }

    private final ClusterSnapshot snapshot;
    private final Instant now;
    private final Map<Pod, String> landing;
    /** Built on first need: most plans try no removal at all (no node under its threshold). */
    private PlannedCluster cluster;
    /** Per node, the CPU and memory its pods request (bound ones and the pending ones landing there), while no cluster is built. */
    private Map<String, long[]> requested;
    private final Map<Pdb, Integer> budgets = new HashMap<>();
    /** Per pod shape, the only nodes not known to refuse it since the last kept removal (see {@link #refusalRepeats}). */
    private final Map<Pod.Shape, List<PlannedNode>> unrefused = new HashMap<>();
    private List<PlannedNode> targets;
    /** Nodes with a pod that must move, bound there or landing there in this plan; built on first need. */
    private java.util.Set<String> busy;

    /** @param landing pending pods the plan expects on existing nodes: they take room there too */
    ScaleDownPlanner(ClusterSnapshot snapshot, Map<Pod, String> landing, Instant now) {
        this.snapshot = snapshot;
        this.now = now;
        this.landing = landing;
        snapshot.pdbs().forEach(b -> budgets.put(b, b.disruptionsAllowed()));
    }

    private PlannedCluster cluster() {
        if (cluster == null) {
            cluster = PlannedCluster.withLanding(snapshot, landing);
            requested = null;
        }
        return cluster;
    }

    /** As {@link #utilization(PlannedNode)} reads it off the planned cluster, before there is one: the same pods, the same sums. */
    private double utilization(Node node) {
        if (cluster != null) {
            return utilization(cluster.node(node.name()));
        }
        if (requested == null) {
            requested = new HashMap<>();
            Map<String, Node> byName = new HashMap<>();
            snapshot.nodes().forEach(n -> byName.put(n.name(), n));
            for (Pod p : snapshot.pods()) {
                if (p.occupiesNode() && byName.containsKey(p.nodeName())) {
                    add(p, p.nodeName());
                }
            }
            landing.forEach(this::add);
        }
        long[] r = requested.getOrDefault(node.name(), new long[2]);
        return utilization(r[0], r[1], node.allocatable());
    }

    private void add(Pod p, String node) {
        long[] r = requested.computeIfAbsent(node, k -> new long[2]);
        r[0] += p.requests().milliCpu();
        r[1] += p.requests().memoryBytes();
    }

    GroupResult plan(GroupTemplate g, int scaleUp) {
        List<ScaleDownCandidate> candidates = new ArrayList<>();
        List<BlockedNode> blocked = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        ScaleDownPolicy policy = g.scaleDown();
        if (g.replacing() != null) {
            // The replacement's own trial counts on this group's other nodes staying.
            return new GroupResult(candidates, List.of(), blocked, List.of("no other scale-down while a replacement (consolidation or repair) takes "
                    + String.join(", ", g.replacing().nodes())));
        }
        List<Node> members = snapshot.nodes().stream().filter(n -> g.name().equals(n.nodeGroup())).toList();
        Disruption.Spend spend = g.disruption().spend();
        int over = (int) members.stream().filter(Node::acceptsPods).count() - g.ceiling();
        if (over > 0) {
            return capTo(g, members, over, spend);
        }
        if (!policy.enabled()) {
            return new GroupResult(candidates, List.of(), blocked, List.of("scale-down is disabled for this group"));
        }
        if (scaleUp > 0) {
            return new GroupResult(candidates, List.of(), blocked, List.of("no scale-down while the group scales up"));
        }
        List<Node> underused = new ArrayList<>();
        Map<String, Double> utilization = new HashMap<>();
        for (Node n : members) {
            double u = utilization(n);
            utilization.put(n.name(), u);
            if (u < policy.utilizationThreshold()) {
                underused.add(n);
            }
        }
        underused.sort(Comparator.comparingDouble((Node n) -> utilization.get(n.name())).thenComparing(Node::name));
        // Only nodes that take pods count toward the floor: one cordoned (being drained, by us or by
        // hand) or NotReady may be going already, and counting it as staying would let removals in
        // flight together take the group below its floor.
        int removable = (int) members.stream().filter(Node::acceptsPods).count() - g.effectiveFloor();
        for (Node n : underused) {
            Blocker why = removable <= candidates.size() ? Blocker.atFloor(n.name(), g.effectiveFloor()) : tryRemove(cluster().node(n.name()));
            if (why != null) {
                blocked.add(new BlockedNode(n.name(), why));
                continue;
            }
            Instant since = g.unneededSince().getOrDefault(n.name(), now);
            Instant at = since.plus(policy.unneededTime());
            if (g.lastScaleUpTime() != null && g.lastScaleUpTime().plus(policy.delayAfterScaleUp()).isAfter(at)) {
                at = g.lastScaleUpTime().plus(policy.delayAfterScaleUp());
            }
            candidates.add(new ScaleDownCandidate(n.name(), utilization.get(n.name()), since, at));
        }
        int kept = blocked.size();
        List<String> going = due(g, candidates, spend, reasons, blocked);
        reasons.add(0, String.format(Locale.ROOT, "%d of %d node(s) below %.0f%% utilization; %d removable, %d blocked",
                underused.size(), members.size(), policy.utilizationThreshold() * 100, candidates.size(), kept));
        if (!going.isEmpty()) {
            reasons.add("removing " + String.join(", ", going) + ": unneeded for " + human(policy.unneededTime())
                    + " and " + human(policy.delayAfterScaleUp()) + " after the last scale-up");
        } else if (!candidates.isEmpty() && candidates.get(0).removableAt().isAfter(now)) {
            reasons.add("first candidate removable at " + candidates.get(0).removableAt());
        }
        return new GroupResult(candidates, going, blocked, reasons);
    }

    /**
     * An open window caps the group below its size: the emptiest nodes go now, whatever their
     * utilization and timers, as many as are over the cap, each only when no pod on it blocks its
     * drain (drain rules, PodDisruptionBudgets, do-not-disrupt) and the budgets have room. Their pods
     * need no place elsewhere: a cap of 0 empties the group, and its pods wait for the window to close.
     */
    private GroupResult capTo(GroupTemplate g, List<Node> members, int over, Disruption.Spend spend) {
        List<BlockedNode> blocked = new ArrayList<>();
        List<String> going = new ArrayList<>();
        Held held = new Held();
        List<Node> byUse = members.stream().filter(Node::acceptsPods)
                .sorted(Comparator.comparingDouble((Node x) -> utilization(x)).thenComparing(Node::name)).toList();
        for (Node n : byUse) {
            if (going.size() + held.nodes.size() >= over) {
                break;
            }
            Blocker why = drainBlocker(cluster().node(n.name()));
            if (why != null) {
                blocked.add(new BlockedNode(n.name(), why));
                continue;
            }
            if (held.take(n.name(), reason(n.name()), spend, blocked)) {
                going.add(n.name());
            }
        }
        List<String> reasons = new ArrayList<>();
        reasons.add(over + " node(s) over the cap: " + g.disruption().capSource());
        if (!going.isEmpty()) {
            reasons.add("removing " + String.join(", ", going) + " to the cap");
        }
        held.say(reasons);
        return new GroupResult(List.of(), going, blocked, reasons);
    }

    /**
     * Whether only DaemonSet and mirror pods run on the node, as the cluster is, with the pending
     * pods this plan lands there: not as earlier trials of this plan left it, which moved the pods
     * of candidates that may not go now onto it.
     */
    private boolean empty(String node) {
        if (busy == null) {
            busy = new java.util.HashSet<>();
            snapshot.pods().stream().filter(p -> p.occupiesNode() && DrainRules.mustMove(p)).forEach(p -> busy.add(p.nodeName()));
            busy.addAll(landing.values());
        }
        return !busy.contains(node);
    }

    /** Why removing the node would disrupt: it is empty, or its pods move elsewhere. */
    private DisruptionReason reason(String node) {
        return empty(node) ? DisruptionReason.EMPTY : DisruptionReason.UNDERUTILIZED;
    }

    /** The nodes of one plan the disruption budgets hold back, each blocked with the budget's words, and the budget that held the last. */
    private static final class Held {
        private final List<String> nodes = new ArrayList<>();
        private Disruption.Budget by;

        /** Takes the node from every budget that covers its reason; when one has no room it is held, and false. */
        boolean take(String node, DisruptionReason reason, Disruption.Spend spend, List<BlockedNode> blocked) {
            Disruption.Budget full = spend.take(reason);
            if (full == null) {
                return true;
            }
            nodes.add(node);
            by = full;
            blocked.add(new BlockedNode(node, new Blocker(Blocker.Code.DISRUPTION_BUDGET, node, "waits for the disruption budget: " + full.source())));
            return false;
        }

        void say(List<String> reasons) {
            if (!nodes.isEmpty()) {
                reasons.add(String.join(", ", nodes) + " wait(s) for the disruption budget: " + by.source());
            }
        }
    }

    /** What keeps the node from any voluntary removal, its pods' places aside; null when nothing does. */
    private Blocker drainBlocker(PlannedNode n) {
        if (n.node().scaleDownDisabled()) {
            return new Blocker(Blocker.Code.NODE_ANNOTATED, n.name(), "node has " + Node.SCALE_DOWN_DISABLED + "=true");
        }
        String doNotDisrupt = Node.doNotDisrupt(n.node().annotations());
        if (doNotDisrupt != null) {
            return new Blocker(Blocker.Code.NODE_DO_NOT_DISRUPT, n.name(), "node has " + doNotDisrupt + "=true");
        }
        List<Pod> moving = n.pods().stream().filter(DrainRules::mustMove).toList();
        Map<Pdb, Integer> spent = new HashMap<>();
        Blocker blocked = DrainRules.blocker(moving, snapshot.pdbs(), budgets, spent);
        if (blocked == null) {
            spent.forEach((b, used) -> budgets.merge(b, -used, Integer::sum));
        }
        return blocked;
    }

    /**
     * The candidates whose timers have run out that go now: busy ones at most {@code maxNodesPerStep};
     * empty ones with them under that cap, or all together up to the budget when a budget limits
     * empty nodes; each only while every budget that covers its reason has room.
     */
    private List<String> due(GroupTemplate g, List<ScaleDownCandidate> candidates, Disruption.Spend spend, List<String> reasons,
                             List<BlockedNode> blocked) {
        boolean emptyInBulk = g.disruption().limits(DisruptionReason.EMPTY);
        int step = 0;
        List<String> going = new ArrayList<>();
        Held held = new Held();
        for (ScaleDownCandidate c : candidates) {
            if (c.removableAt().isAfter(now)) {
                continue;
            }
            DisruptionReason reason = reason(c.node());
            boolean stepped = reason != DisruptionReason.EMPTY || !emptyInBulk;
            if (stepped && step >= g.scaleDown().maxNodesPerStep()) {
                continue;
            }
            if (held.take(c.node(), reason, spend, blocked)) {
                step += stepped ? 1 : 0;
                going.add(c.node());
            }
        }
        held.say(reasons);
        return going;
    }

    /** Requested CPU or memory over allocatable, whichever is higher. */
    static double utilization(PlannedNode n) {
        long cpu = 0;
        long mem = 0;
        for (Pod p : n.pods()) {
            cpu += p.requests().milliCpu();
            mem += p.requests().memoryBytes();
        }
        return utilization(cpu, mem, n.node().allocatable());
    }

    private static double utilization(long cpu, long memory, Resources allocatable) {
        return Math.max(Resources.ratio(cpu, allocatable.milliCpu()), Resources.ratio(memory, allocatable.memoryBytes()));
    }

    /**
     * Takes the node out of the planned cluster and re-places its pods on the remaining nodes; on
     * any refusal rolls the trial back and says why.
     */
    private Blocker tryRemove(PlannedNode n) {
        Blocker annotated = n.node().removable() ? null : drainBlocker(n);
        if (annotated != null) {
            return annotated;
        }
        if (!n.node().acceptsPods()) {
            return n.node().ready() ? new Blocker(Blocker.Code.NODE_CORDONED, n.name(), "node is cordoned")
                    : new Blocker(Blocker.Code.NODE_NOT_READY, n.name(), "node is not Ready");
        }
        List<Pod> moving = n.pods().stream().filter(DrainRules::mustMove)
                .sorted(Comparator.comparingLong((Pod p) -> -p.requests().milliCpu()).thenComparing(Pod::key)).toList();
        Map<Pdb, Integer> spent = new HashMap<>();
        Blocker blocked = DrainRules.blocker(moving, snapshot.pdbs(), budgets, spent);
        if (blocked != null) {
            return blocked;
        }

        PlannedCluster.Checkpoint trial = cluster.checkpoint();
        List<PlannedNode> all = targets();
        // The node stays out once the trial is kept: later candidates must not count on it.
        cluster.remove(n);
        boolean placedInTrial = false;
        for (Pod p : moving) {
            Pod free = p.boundTo("", PodPhase.PENDING);
            PreFilterState state = cluster.prepare(free);
            List<PlannedNode> worth = unrefused.getOrDefault(free.shape(), all);
            int at = cluster.firstFit(free, worth, 0, n, state, null, FitPredicate.STATIC, FitPredicate.DYNAMIC);
            if (at < 0) {
                if (!placedInTrial && refusalRepeats(free, state)) {
                    // Every node but this one refused; after the rollback this one is the only one not asked.
                    unrefused.put(free.shape(), List.of(n));
                }
                PlannedNode last = lastOtherThan(all, n);
                String lastWhy = last == null ? "no other node" : last.name() + ": " + FitPredicate.firstRejection(free, last, state, FitPredicate.STATIC, FitPredicate.DYNAMIC);
                cluster.rollback(trial);
                if (Headroom.isVirtual(p)) {
                    return new Blocker(Blocker.Code.NO_PLACE_FOR_HEADROOM, n.name(), "kept for the group's headroom: a headroom pod of " + Quantity.formatMilliCpu(p.requests().milliCpu()) + " CPU / "
                            + Quantity.formatBytes(p.requests().memoryBytes()) + " would fit on no other node (last tried " + lastWhy + ")");
                }
                return new Blocker(Blocker.Code.NO_PLACE_FOR_POD, p.key(), "pod " + p.key() + " would fit on no other node (last tried " + lastWhy + ")");
            }
            cluster.place(free, worth.get(at));
            placedInTrial = true;
        }
        cluster.commit(trial);
        targets = null;  // the field: n is gone for good
        unrefused.clear();
        spent.forEach((b, used) -> budgets.merge(b, -used, Integer::sum));
        return null;
    }

    /** The nodes that take pods, in the planned cluster's order; the same list until a removal is kept. */
    private List<PlannedNode> targets() {
        if (targets == null) {
            targets = cluster.nodes().stream().filter(PlannedNode::acceptsPods).toList();
        }
        return targets;
    }

    private static PlannedNode lastOtherThan(List<PlannedNode> nodes, PlannedNode n) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (nodes.get(i) != n) {
                return nodes.get(i);
            }
        }
        return null;
    }

    /**
     * Whether a node that refused this pod will refuse every pod of its shape again until a removal
     * is kept: the trials in between roll back exactly, and take out only the trial node, whose pods
     * count in its own hostname domain. Spreading and anti-affinity on wider domains (zones) do feel
     * that node's pods, so those shapes are always checked against every node. This turns the
     * common "one replica per node" Deployment from nodes × nodes checks into nodes.
     */
    private static boolean refusalRepeats(Pod pod, PreFilterState state) {
        if (!pod.spread().isEmpty()) {
            return false;
        }
        for (AffinityTerm t : pod.antiAffinity()) {
            if (!Node.HOSTNAME_LABEL.equals(t.topologyKey())) {
                return false;
            }
        }
        for (PlannedCluster.HolderKey h : state.antiAffinityAgainst()) {
            if (!Node.HOSTNAME_LABEL.equals(h.term().topologyKey())) {
                return false;
            }
        }
        return true;
    }

    static String human(Duration d) {
        return d.toMinutes() > 0 && d.toSecondsPart() == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }
}
