package com.vpsie.autoscaler.capacity;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Repair: a node of a group whose kubelet has not said Ready for the group's {@code repair.after}
 * is replaced, a new node of its group first, then the NotReady node drained and removed, under the
 * Unhealthy disruption budgets, one node per group at a time, oldest first. When more of a group's
 * nodes are NotReady than its {@code maxUnhealthy}, nothing is repaired and the plan says why: an
 * outage of the network or the control plane makes healthy nodes look dead, and replacing them
 * would only add cost and churn.
 */
final class Repairer {
    /** The repairs proposed, a group each at most; per group, why none was (the outage guard, a budget). */
    record Result(List<Replacement> repairs, Map<String, String> held, Map<String, String> waiting) {
    }

    private Repairer() {
    }

    /** @param places the cluster as planned (pending pods landing on existing nodes take room there too), built on first use */
    static Result plan(ClusterSnapshot snapshot, java.util.function.Supplier<Consolidator> places, Instant now) {
        List<Replacement> repairs = new java.util.ArrayList<>();
        Map<String, String> held = new TreeMap<>();
        Map<String, String> waiting = new HashMap<>();
        Map<String, Integer> sizes = snapshot.membersPerGroup();
        for (GroupTemplate g : snapshot.groups().stream().sorted(Comparator.comparing(GroupTemplate::name)).toList()) {
            if (!g.repair().on() || g.replacing() != null) {
                continue;
            }
            List<Node> members = snapshot.nodes().stream().filter(n -> g.name().equals(n.nodeGroup())).toList();
            List<Node> dead = members.stream()
                    .filter(n -> !n.ready() && n.notReadySince() != null && !n.notReadySince().plus(g.repair().after()).isAfter(now))
                    .sorted(Comparator.comparing(Node::notReadySince).thenComparing(Node::name)).toList();
            if (dead.isEmpty()) {
                continue;
            }
            if (dead.size() > g.repair().maxUnhealthy()) {
                held.put(g.name(), "repair held: " + dead.size() + " of " + members.size() + " node(s) NotReady for " + ScaleDownPlanner.human(g.repair().after())
                        + " or longer, more than spec.repair.maxUnhealthy (" + g.repair().maxUnhealthy() + "): an outage of the network or"
                        + " the control plane looks like this, and new nodes would not mend it; nothing is repaired");
                continue;
            }
            Node node = dead.get(0);
            Disruption.Budget full = g.disruption().spend().take(DisruptionReason.UNHEALTHY);
            if (full != null) {
                waiting.put(g.name(), "repair of " + node.name() + " waits for the disruption budget: " + full.source());
                continue;
            }
            // A new node first, unless the pods still bound there fit on the other nodes (or the group may not have one more).
            boolean fits = places.get().fitOnTheOthers(List.of(node.name()));
            int fresh = !fits && sizes.getOrDefault(g.name(), 0) + g.provisioningNodes() <= g.ceiling() ? 1 : 0;
            repairs.add(new Replacement(g.name(), List.of(node.name()), g.name(), fresh, g.hourlyPrice(), fresh * g.hourlyPrice(),
                    Replacement.State.PROPOSED, "repair: node " + node.name() + " NotReady since " + node.notReadySince()
                    + " (spec.repair.after " + ScaleDownPlanner.human(g.repair().after()) + "): " + (fresh > 0 ? "a new node of " + g.name() + " first, then it is"
                    : "it is") + " drained and its VPSie worker removed", DisruptionReason.UNHEALTHY));
        }
        return new Result(repairs, held, waiting);
    }
}
