package com.vpsie.autoscaler.capacity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The planner: (cluster snapshot, node groups with sizes and prices, policy, clock) → plan, every
 * decision with its reasons. Pure and deterministic: the same snapshot at the same instant gives
 * the same plan.
 */
public final class Planner {
    private final Clock clock;

    public Planner(Clock clock) {
        this.clock = clock;
    }

    public Plan plan(ClusterSnapshot snapshot, PlanningPolicy policy) {
        Instant now = clock.instant();
        ScaleUpPlanner.Result up = new ScaleUpPlanner(snapshot, policy).plan();
        ScaleDownPlanner down = new ScaleDownPlanner(snapshot, up.onExisting(), now);
        Map<String, Integer> current = snapshot.membersPerGroup();
        List<GroupTemplate> groups = snapshot.groups().stream().sorted(Comparator.comparing(GroupTemplate::name)).toList();
        List<Integer> adds = new ArrayList<>();
        List<List<String>> reasonsOf = new ArrayList<>();
        List<ScaleDownPlanner.GroupResult> downs = new ArrayList<>();
        // A pod no group can host is not a scale-up: it does not hold consolidation back for ever.
        String notQuiet = null;
        java.util.Set<String> growing = new java.util.TreeSet<>();
        for (GroupTemplate g : groups) {
            int cur = current.getOrDefault(g.name(), 0);
            int add = up.added().getOrDefault(g.name(), 0);
            List<String> reasons = new ArrayList<>(up.reasons().get(g.name()));
            int size = cur + g.provisioningNodes() + add;
            if (g.floor() > size) {
                int room = Math.max(0, Math.min(g.floor(), g.maxNodes()) - size);
                add += room;
                reasons.add("below its floor of " + g.floor() + " node(s) (" + g.floorReason()
                        + "): adding " + room);
            }
            ScaleDownPlanner.GroupResult d = down.plan(g, add);
            if (up.added().getOrDefault(g.name(), 0) > 0 || g.provisioningNodes() > 0) {
                growing.add(g.name());
            }
            notQuiet = notQuiet != null ? notQuiet : add > 0 ? g.name() + " scales up" : g.provisioningNodes() > 0 ? g.name() + " has nodes provisioning"
                    : !d.scaleDown().isEmpty() ? g.name() + " scales down" : null;
            adds.add(add);
            reasonsOf.add(reasons);
            downs.add(d);
        }
        if (notQuiet == null && snapshot.nodes().stream().anyMatch(n -> n.ready() && n.unschedulable())) {
            notQuiet = "a node is cordoned (a drain may be under way)";
        }
        // Most clusters have consolidation off: then no planned cluster is built for it.
        boolean consolidating = groups.stream().anyMatch(g -> g.replacing() != null || g.scaleDown().consolidates());
        Consolidator.Result consolidation = consolidating ? new Consolidator(snapshot, up.onExisting()).plan(notQuiet, growing)
                : new Consolidator.Result(List.of(), Map.of());
        List<GroupPlan> plans = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            GroupTemplate g = groups.get(i);
            int cur = current.getOrDefault(g.name(), 0);
            int add = adds.get(i);
            List<String> reasons = reasonsOf.get(i);
            ScaleDownPlanner.GroupResult d = downs.get(i);
            if (reasons.isEmpty()) {
                reasons.add("no pending pods need this group; " + cur + " node(s), " + g.provisioningNodes() + " provisioning");
            }
            reasons.addAll(d.reasons());
            consolidation.replacements().stream().filter(r -> r.group().equals(g.name())).forEach(r -> reasons.add(r.reason()));
            if (consolidation.reasons().containsKey(g.name())) {
                reasons.add(consolidation.reasons().get(g.name()));
            }
            plans.add(new GroupPlan(g.name(), cur, g.provisioningNodes(), cur + g.provisioningNodes() + add - d.scaleDown().size(), add,
                    d.candidates(), d.scaleDown(), d.blocked(), reasons));
        }
        return new Plan(plans, up.unschedulable(), policy.expander().wireName(), consolidation.replacements());
    }
}
