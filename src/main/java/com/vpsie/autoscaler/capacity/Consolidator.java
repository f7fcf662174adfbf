package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Consolidation: whether some nodes of a group could be replaced by fewer or cheaper new nodes of
 * some group, every pod of theirs finding a place by every scheduling rule with no
 * PodDisruptionBudget spent past what it allows, for an hourly saving of at least the group's
 * {@code minSavingsPercent}. Only in a quiet cluster (no group adding, provisioning or removing
 * nodes, no node cordoned; a pod no group can host does not count), only one replacement at a
 * time, and never the whole way in one plan: a proposal is started, its new nodes are waited for,
 * and only then, checked again against the cluster as it is, are the old ones drained.
 */
final class Consolidator {
    private final ClusterSnapshot snapshot;
    private final PlannedCluster cluster;
    private final Map<Pdb, Integer> budgets = new HashMap<>();
    private final Map<String, GroupTemplate> groups = new HashMap<>();
    private final List<GroupTemplate> byName;
    private final Map<String, Integer> groupSizes;

    private final java.time.Instant now;

    /**
     * @param landing pending pods (and headroom) the plan expects on existing nodes: they take room there too
     * @param now     the plan's instant: whether an expired node's do-not-disrupt pods still hold it
     */
    Consolidator(ClusterSnapshot snapshot, Map<Pod, String> landing, java.time.Instant now) {
        this.snapshot = snapshot;
        this.now = now;
        this.cluster = PlannedCluster.withLanding(snapshot, landing);
        snapshot.pdbs().forEach(b -> budgets.put(b, b.disruptionsAllowed()));
        snapshot.groups().forEach(g -> groups.put(g.name(), g));
        this.byName = snapshot.groups().stream().sorted(Comparator.comparing(GroupTemplate::name)).toList();
        this.groupSizes = snapshot.membersPerGroup();
    }

    /**
     * The replacements of this plan: those under way with where they stand, else at most one
     * proposal per group.
     *
     * @param notQuiet why nothing may be proposed now (a group adds, removes or provisions nodes, a node is cordoned), or null
     * @param growing  the groups adding nodes for pods or with nodes provisioning: no drain starts while one does
     */
    Result plan(String notQuiet, java.util.Set<String> growing) {
        List<Replacement> underway = byName.stream().filter(g -> g.replacing() != null).map(g -> check(g, growing)).toList();
        Map<String, String> reasons = new HashMap<>();
        if (!underway.isEmpty()) {
            return new Result(underway, reasons);
        }
        List<Replacement> proposed = new ArrayList<>();
        for (GroupTemplate g : byName) {
            if (!g.scaleDown().consolidates()) {
                continue;
            }
            String why = notQuiet != null ? notQuiet : g.hourlyPrice() <= 0 ? "the price of its nodes is unknown" : null;
            Proposal p = why == null ? propose(g) : new Proposal(null, why);
            if (p.replacement() != null) {
                proposed.add(p.replacement());
            } else {
                reasons.put(g.name(), "consolidation: " + p.why());
            }
        }
        // The largest saving first: the one that may start now; the others wait for it to end.
        proposed.sort(Comparator.comparingDouble((Replacement r) -> r.hourlyAfter() - r.hourlyBefore()).thenComparing(Replacement::group));
        return new Result(proposed, reasons);
    }

    /** Replacements, best first, and for each group with consolidation on that has none, why not. */
    record Result(List<Replacement> replacements, Map<String, String> reasons) {
    }

    /** A replacement, or why there is none. */
    private record Proposal(Replacement replacement, String why) {
    }

    /**
     * The best move for some of the group's emptiest nodes, or why there is none: the one that saves
     * most per hour, fewer new nodes on a tie. By the group's policy: replacements only (a node
     * whose pods fit on the others is scale-down's); empty nodes deleted only; or deleting,
     * replacing, or both, whichever leaves the group cheapest.
     */
    private Proposal propose(GroupTemplate g) {
        ConsolidationPolicy policy = g.scaleDown().consolidation();
        List<PlannedNode> members = cluster.nodes().stream()
                .filter(n -> g.name().equals(n.group()) && n.acceptsPods() && n.node().removable())
                .sorted(Comparator.comparingDouble(ScaleDownPlanner::utilization).thenComparing(PlannedNode::name)).toList();
        int size = groupSizes.getOrDefault(g.name(), 0);
        int most = Math.min(Math.min(policy.maxNodesPerStep(), g.disruption().spend().left(DisruptionReason.CONSOLIDATION)),
                Math.min(members.size(), size - g.effectiveFloor()));
        Replacement best = null;
        for (int k = 1; k <= most; k++) {
            List<PlannedNode> out = members.subList(0, k);
            List<Pod> moving = moving(out);
            Blocker blocked = DrainRules.blocker(moving, snapshot.pdbs(), budgets, new HashMap<>());
            if (blocked != null) {
                // Every larger set holds these pods too.
                return best != null ? new Proposal(best, null) : new Proposal(null, out.get(k - 1).name() + " may not be drained: " + blocked.message());
            }
            List<String> names = out.stream().map(PlannedNode::name).toList();
            double before = k * g.hourlyPrice();
            if (policy.policy() == ConsolidationPolicy.Policy.WHEN_EMPTY && !moving.isEmpty()) {
                break;  // the emptiest first: no larger set is empty either
            }
            if (fitOnTheOthers(out, moving)) {
                if (policy.policy() == ConsolidationPolicy.Policy.REPLACE) {
                    // Its pods fit on the nodes that stay: a plain removal, which scale-down's rules (threshold, timers) decide.
                    return new Proposal(null, String.join(", ", names) + " could go without a replacement; scale-down decides that");
                }
                best = better(best, new Replacement(g.name(), names, g.name(), 0, before, 0, Replacement.State.PROPOSED,
                        String.format(Locale.ROOT, "consolidation: %s deleted, %s: $0/h instead of $%.4f/h", String.join(", ", names),
                                moving.isEmpty() ? "empty" : "their pods fit on the nodes that stay", before)));
                continue;  // nothing is cheaper than no node
            }
            if (policy.policy() == ConsolidationPolicy.Policy.WHEN_EMPTY) {
                break;
            }
            for (GroupTemplate by : byName) {
                int room = by.ceiling() - groupSizes.getOrDefault(by.name(), 0) - by.provisioningNodes()
                        + (by == g ? k : 0);
                if (by.hourlyPrice() <= 0 || room <= 0) {
                    continue;
                }
                // More new nodes than this would not save what the group asks.
                int worth = (int) Math.floor(before * (100 - policy.minSavingsPercent()) / 100 / by.hourlyPrice() + 1e-9);
                int fresh = worth < 1 ? -1 : newNodesNeeded(out, moving, by, Math.min(room, worth));
                double after = fresh * by.hourlyPrice();
                if (fresh <= 0 || (before - after) * 100 / before < policy.minSavingsPercent()) {
                    continue;
                }
                best = better(best, new Replacement(g.name(), names, by.name(), fresh, before, after, Replacement.State.PROPOSED,
                        String.format(Locale.ROOT, "consolidation: the pods of %s would run on %d new node(s) of %s: $%.4f/h instead of $%.4f/h (%.0f%% less)",
                                String.join(", ", names), fresh, by.name(), after, before, (before - after) * 100 / before)));
            }
        }
        return best != null ? new Proposal(best, null) : new Proposal(null, policy.policy() == ConsolidationPolicy.Policy.WHEN_EMPTY
                ? "no empty node to delete" : String.format(Locale.ROOT, "no replacement of its nodes saves %.0f%% or more", policy.minSavingsPercent()));
    }

    /** The move that saves more per hour; on a tie, the one with fewer new nodes; the earlier one when both tie. */
    private static Replacement better(Replacement best, Replacement r) {
        if (best == null) {
            return r;
        }
        double gain = r.hourlyBefore() - r.hourlyAfter();
        double bestGain = best.hourlyBefore() - best.hourlyAfter();
        return gain > bestGain + 1e-9 || Math.abs(gain - bestGain) <= 1e-9 && r.newNodes() < best.newNodes() ? r : best;
    }

    /** Pods that must move off these nodes, largest first. */
    private static List<Pod> moving(List<PlannedNode> out) {
        List<Pod> moving = new ArrayList<>();
        out.forEach(n -> n.pods().stream().filter(DrainRules::mustMove).forEach(moving::add));
        return Pod.largestFirst(moving);
    }

    /**
     * The fewest new nodes of {@code by} (at most {@code most}) with which every pod of the nodes
     * taken out finds a place, on the nodes that stay first, and each new node takes some; -1 when no such number. The new nodes
     * are there before the pods move, as they will be (Ready before the drain), so they count as
     * domains for spreading from the start. The planned cluster is left as it was.
     */
    private int newNodesNeeded(List<PlannedNode> out, List<Pod> moving, GroupTemplate by, int most) {
        List<Pod> daemonPods = most > 0 ? by.daemonPods(snapshot.daemonSets()) : List.of();
        for (int fresh = 0; fresh <= most; fresh++) {
            if (allPlaced(out, moving, by, fresh, daemonPods)) {
                return fresh;
            }
        }
        return -1;
    }

    /**
     * What keeps the pods of {@code node} from all being evicted now (a pod the drain rules keep, a
     * PodDisruptionBudget spent), or null; {@code pastDoNotDisrupt}: do-not-disrupt pods do not.
     */
    Blocker drainBlocker(String node, boolean pastDoNotDisrupt) {
        PlannedNode n = cluster.node(node);
        if (n == null) {
            return null;
        }
        List<Pod> moving = moving(List.of(n)).stream().filter(p -> !pastDoNotDisrupt || Node.doNotDisrupt(p.annotations()) == null).toList();
        return DrainRules.blocker(moving, snapshot.pdbs(), budgets, new HashMap<>());
    }

    /** Whether every pod that must move off these nodes finds a place on the nodes that stay, with no new node. */
    boolean fitOnTheOthers(List<String> nodes) {
        List<PlannedNode> out = nodes.stream().map(cluster::node).filter(java.util.Objects::nonNull).toList();
        return fitOnTheOthers(out, moving(out));
    }

    /** Whether every pod of the nodes taken out finds a place on the nodes that stay, with no new node. */
    private boolean fitOnTheOthers(List<PlannedNode> out, List<Pod> moving) {
        return allPlaced(out, moving, null, 0, List.of());
    }

    private boolean allPlaced(List<PlannedNode> out, List<Pod> moving, GroupTemplate by, int fresh, List<Pod> daemonPods) {
        PlannedCluster.Checkpoint trial = cluster.checkpoint();
        try {
            out.forEach(cluster::remove);
            List<PlannedNode> targets = new ArrayList<>(cluster.nodes().stream().filter(PlannedNode::acceptsPods).toList());
            List<PlannedNode> added = new ArrayList<>(fresh);
            for (int i = 0; i < fresh; i++) {
                added.add(cluster.addGroupNode(by, by.name() + "-replacement-" + i, PlannedNode.Kind.NEW, daemonPods));
            }
            targets.addAll(added);
            for (Pod p : moving) {
                Pod free = p.boundTo("", PodPhase.PENDING);
                int at = cluster.firstFit(free, targets, 0, cluster.prepare(free), null, FitPredicate.STATIC, FitPredicate.DYNAMIC);
                if (at < 0) {
                    return false;
                }
                cluster.place(free, targets.get(at));
            }
            // A new node left empty only changed where spreading let the pods go (one more domain lowers the minimum):
            // they fit on the nodes that stay, laid out otherwise. Paying for a node this layout does not use is no saving.
            return added.stream().allMatch(n -> n.plannedPods() > 0);
        } finally {
            cluster.rollback(trial);
        }
    }

    /**
     * A repair under way: it goes on while repair is on; once the new nodes are Ready the NotReady
     * node is drained, without the checks a consolidation makes (its pods are not running anyway).
     */
    private Replacement checkRepair(GroupTemplate g, Replacement.Underway u, Replacement r, String head) {
        if (!g.repair().on()) {
            return r.at(Replacement.State.ABANDONED, head + " abandoned: spec.repair is off now");
        }
        long ready = readyNewNodes(u);
        if (ready < u.newNodes()) {
            return r.at(Replacement.State.WAITING_FOR_NODES, head + ": waiting for them to be Ready (" + ready + " so far)");
        }
        return r.at(Replacement.State.READY_TO_DRAIN, head + ": the new nodes are Ready; draining the NotReady node");
    }

    /** The new group's nodes that take pods and were not there when the replacement started: its new nodes, once Ready. */
    private long readyNewNodes(Replacement.Underway u) {
        return snapshot.nodes().stream().filter(n -> u.byGroup().equals(n.nodeGroup()) && n.acceptsPods() && !u.baseline().contains(n.name()))
                .count();
    }

    /**
     * Where a replacement under way stands: waiting for its new nodes, or (they are Ready) ready to
     * drain when every pod of the nodes still there has a place on the others, else abandoned. A
     * replacement stops before its drain when the switch that started it is turned off.
     */
    private Replacement check(GroupTemplate g, java.util.Set<String> growing) {
        Replacement.Underway u = g.replacing();
        List<String> left = u.nodes().stream().filter(n -> cluster.node(n) != null).toList();
        Replacement r = new Replacement(g.name(), u.nodes(), u.byGroup(), u.newNodes(), u.hourlyBefore(), u.hourlyAfter(),
                Replacement.State.WAITING_FOR_NODES, null, u.cause());
        String head = Replacement.noun(u.cause()) + " replacing " + String.join(", ", u.nodes()) + " by " + u.newNodes()
                + " new node(s) of " + u.byGroup();
        if (u.cause() == DisruptionReason.UNHEALTHY) {
            return checkRepair(g, u, r, head);
        }
        String off = switchedOff(g, u.cause());
        if (off != null) {
            // A safety switch: turning it off stops a replacement that has not started draining.
            return r.at(Replacement.State.ABANDONED, head + " abandoned: " + off + " now");
        }
        if (!groups.containsKey(u.byGroup())) {
            return r.at(Replacement.State.ABANDONED, head + " abandoned: group " + u.byGroup() + " is no longer planned for");
        }
        long ready = readyNewNodes(u);
        if (ready < u.newNodes()) {
            return r.at(Replacement.State.WAITING_FOR_NODES, head + ": waiting for them to be Ready (" + ready + " so far)");
        }
        List<String> others = growing.stream().filter(x -> !x.equals(u.byGroup())).toList();
        if (!others.isEmpty()) {
            // Never during a scale-up: the pods it is for may need the room the moved pods would take.
            return r.at(Replacement.State.HELD, head + ": the new nodes are Ready; the drain waits while " + String.join(", ", others)
                    + " add(s) nodes");
        }
        List<PlannedNode> out = left.stream().map(cluster::node).toList();
        boolean forced = u.cause() == DisruptionReason.EXPIRED && out.stream().allMatch(n -> Renewer.forced(g, n.node(), now));
        List<Pod> all = moving(out);
        List<Pod> held = all.stream().filter(p -> !forced || Node.doNotDisrupt(p.annotations()) == null).toList();
        Blocker blocker = DrainRules.blocker(held, snapshot.pdbs(), budgets, new HashMap<>());
        String blocked = blocker != null ? blocker.message()
                : fitOnTheOthers(out, all) ? null : "the pods on " + String.join(", ", left) + " no longer fit on the other nodes";
        return blocked == null ? r.at(Replacement.State.READY_TO_DRAIN, head + ": the new nodes are Ready and every pod has a place; draining")
                : r.at(Replacement.State.ABANDONED, head + " abandoned: " + blocked);
    }

    /** The switch that turned off what started a replacement, as the spec names it, or null while it is on. */
    private static String switchedOff(GroupTemplate g, DisruptionReason cause) {
        return switch (cause) {
            case DRIFTED -> g.upkeep().drift() == null ? "spec.drift.enabled is false" : null;
            case EXPIRED -> g.upkeep().expireAfter() == null ? "spec.expireAfter is off" : null;
            default -> g.scaleDown().consolidates() ? null
                    : g.scaleDown().enabled() ? "spec.scaleDown.consolidation.enabled is false" : "spec.scaleDown.enabled is false";
        };
    }
}
