package com.vpsie.autoscaler.capacity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drift and expiry: every node of a group that differs from what a new node of the group is now
 * is found (see {@link Drift}); what can be mended in place is, by the reconcile; a node drifted
 * otherwise, or older than the group's {@code expireAfter}, is replaced like a consolidation: a new
 * node of its group first (unless its pods fit on the others), then the drain. Drifted nodes go
 * before expired ones, the oldest first, one per group at a time, under the Drifted and Expired
 * disruption budgets, only in a quiet cluster, and never past a do-not-disrupt node, a pod the
 * drain rules keep or a PodDisruptionBudget spent; an expired node's do-not-disrupt pods hold it
 * only until {@code forceAfter} more has gone by.
 */
final class Renewer {
    /** Every drifted node (of every group), the replacements proposed (a group each at most), and per group why none was. */
    record Result(List<Drift> drifted, List<Replacement> proposals, Map<String, String> waiting) {
    }

    /** A node due for replacement and why. */
    private record Due(Node node, DisruptionReason cause, String why) {
    }

    private Renewer() {
    }

    /**
     * @param places   the cluster as planned (pending pods landing on existing nodes take room there too), built on first use
     * @param notQuiet why no replacement may start now (a group adds, removes or provisions nodes), or null
     */
    static Result plan(ClusterSnapshot snapshot, java.util.function.Supplier<Consolidator> places, Instant now, String notQuiet) {
        List<Drift> drifted = new ArrayList<>();
        List<Replacement> proposals = new ArrayList<>();
        Map<String, String> waiting = new TreeMap<>();
        Map<String, Integer> sizes = snapshot.membersPerGroup();
        for (GroupTemplate g : snapshot.groups().stream().sorted(Comparator.comparing(GroupTemplate::name)).toList()) {
            List<Node> members = snapshot.nodes().stream().filter(n -> g.name().equals(n.nodeGroup()))
                    .sorted(Comparator.comparing((Node n) -> n.origin().created(), Comparator.nullsLast(Comparator.naturalOrder()))
                            .thenComparing(Node::name)).toList();
            boolean provisioned = members.stream().anyMatch(n -> Drift.runsCurrent(n, g.upkeep().drift()));
            List<Due> due = new ArrayList<>();
            for (Node n : members) {
                Drift.of(n, g, provisioned).ifPresent(d -> {
                    drifted.add(d);
                    if (!d.inPlace() && n.ready()) {
                        due.add(new Due(n, DisruptionReason.DRIFTED, "drifted: " + d.says()));
                    }
                });
            }
            members.stream().filter(n -> n.ready() && expired(g, n, now)).forEach(n -> due.add(new Due(n, DisruptionReason.EXPIRED,
                    "expired: made " + n.origin().created() + ", older than spec.expireAfter (" + ScaleDownPlanner.human(g.upkeep().expireAfter()) + ")")));
            if (due.isEmpty() || g.replacing() != null) {
                continue;
            }
            if (notQuiet != null) {
                waiting.put(g.name(), "replacing " + due.get(0).node().name() + " (" + due.get(0).why() + ") waits: " + notQuiet);
                continue;
            }
            Disruption.Spend spend = g.disruption().spend();
            List<String> held = new ArrayList<>();
            for (Due d : due) {
                Node n = d.node();
                boolean forced = d.cause() == DisruptionReason.EXPIRED && forced(g, n, now);
                Blocker blocker = n.removable() ? places.get().drainBlocker(n.name(), forced) : n.scaleDownDisabled()
                        ? new Blocker(Blocker.Code.NODE_ANNOTATED, n.name(), "node has " + Node.SCALE_DOWN_DISABLED + "=true")
                        : new Blocker(Blocker.Code.NODE_DO_NOT_DISRUPT, n.name(), "node has " + Node.doNotDisrupt(n.annotations()) + "=true");
                if (blocker != null) {
                    held.add(n.name() + " (" + d.why() + ") waits: " + blocker.message());
                    continue;
                }
                Disruption.Budget full = spend.take(d.cause());
                if (full != null) {
                    held.add(n.name() + " (" + d.why() + ") waits for the disruption budget: " + full.source());
                    continue;
                }
                // Without a new node only when its pods fit on the others and the group stays at its floor.
                int size = sizes.getOrDefault(g.name(), 0);
                boolean fits = size - 1 >= g.effectiveFloor() && places.get().fitOnTheOthers(List.of(n.name()));
                int fresh = fits ? 0 : 1;
                if (!fits && size + g.provisioningNodes() >= g.ceiling()) {
                    held.add(n.name() + " (" + d.why() + ") waits: it needs a new node first and the group is at its ceiling ("
                            + g.ceiling() + ")");
                    continue;
                }
                String word = d.cause() == DisruptionReason.DRIFTED ? "drift" : "expiry";
                proposals.add(new Replacement(g.name(), List.of(n.name()), g.name(), fresh, g.hourlyPrice(), fresh * g.hourlyPrice(),
                        Replacement.State.PROPOSED, word + ": node " + n.name() + " " + d.why() + ": " + (fresh > 0 ? "a new node of " + g.name()
                        + " first, then it is" : "its pods fit on the other nodes; it is") + " drained and its VPSie worker removed"
                        + (forced ? " (spec.disruption.forceAfter has passed: its do-not-disrupt pods are evicted too)" : ""), d.cause()));
                held.clear();
                break;
            }
            if (!held.isEmpty()) {
                waiting.put(g.name(), "replacing " + String.join("; ", held));
            }
        }
        return new Result(drifted, proposals, waiting);
    }

    /** Whether the node is older than the group's {@code expireAfter}. */
    static boolean expired(GroupTemplate g, Node n, Instant now) {
        return g.upkeep().expireAfter() != null && n.origin().created() != null && !n.origin().created().plus(g.upkeep().expireAfter()).isAfter(now);
    }

    /** Whether an expired node's do-not-disrupt pods no longer hold it: {@code forceAfter} has gone by since it expired. */
    static boolean forced(GroupTemplate g, Node n, Instant now) {
        Upkeep u = g.upkeep();
        return expired(g, n, now) && u.forceAfter() != null && !n.origin().created().plus(u.expireAfter()).plus(u.forceAfter()).isAfter(now);
    }
}
