package com.vpsie.autoscaler.capacity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
        List<Sized> sized = new ArrayList<>();
        Map<String, Integer> holds = ClusterLimits.holds(snapshot.groups(), current, up.added());
        for (GroupTemplate g : snapshot.groups().stream().sorted(Comparator.comparing(GroupTemplate::name)).toList()) {
            int cur = current.getOrDefault(g.name(), 0);
            int add = up.added().getOrDefault(g.name(), 0);
            List<String> reasons = new ArrayList<>(up.reasons().get(g.name()));
            int size = cur + g.provisioningNodes() + add;
            if (g.effectiveFloor() > size) {
                int room = g.effectiveFloor() - size;
                // The cluster-wide limits hold below a floor too: the planner never plans past them.
                ClusterLimits.Room limited = policy.limits().any() ? policy.limits().room(g, snapshot.groups(), holds)
                        : new ClusterLimits.Room(Integer.MAX_VALUE, null);
                int adding = Math.min(room, limited.nodes());
                add += adding;
                holds.merge(g.name(), adding, Integer::sum);
                reasons.add("below its floor of " + g.effectiveFloor() + " node(s) (" + g.floorReason() + "): adding " + adding
                        + (adding < room ? "; " + (room - adding) + " held back: " + limited.limit().message() : ""));
            }
            if (g.disruption().capped()) {
                reasons.add(g.disruption().capSource());
            }
            sized.add(new Sized(g, cur, add, reasons, down.plan(g, add)));
        }
        Calm calm = calm(snapshot, up, sized);
        // One planned cluster for every replacement kind, built only if one of them needs it.
        java.util.function.Supplier<Consolidator> places = memo(() -> new Consolidator(snapshot, up.onExisting(), now));
        Consolidator.Result consolidation = consolidation(sized, calm, places);
        List<Replacement> replacements = consolidation.replacements();
        Repairer.Result repair = Repairer.plan(snapshot, places, now);
        Renewer.Result renew = Renewer.plan(snapshot, places, now, calm.notQuiet());
        if (sized.stream().noneMatch(s -> s.group().replacing() != null)) {
            // Nothing under way: a dead node first, then a drifted or expired one, then a saving; the others propose again after.
            replacements = !repair.repairs().isEmpty() ? repair.repairs() : !renew.proposals().isEmpty() ? renew.proposals() : replacements;
        }
        List<Replacement> chosen = replacements;
        List<GroupPlan> plans = new ArrayList<>();
        for (Sized s : sized) {
            GroupTemplate g = s.group();
            List<String> reasons = s.reasons();
            if (reasons.isEmpty()) {
                reasons.add("no pending pods need this group; " + s.current() + " node(s), " + g.provisioningNodes() + " provisioning");
            }
            reasons.addAll(s.down().reasons());
            chosen.stream().filter(r -> r.group().equals(g.name())).forEach(r -> reasons.add(r.reason()));
            if (consolidation.reasons().containsKey(g.name())) {
                reasons.add(consolidation.reasons().get(g.name()));
            }
            java.util.Optional.ofNullable(repair.held().get(g.name())).ifPresent(reasons::add);
            java.util.Optional.ofNullable(repair.waiting().get(g.name())).ifPresent(reasons::add);
            java.util.Optional.ofNullable(renew.waiting().get(g.name())).ifPresent(reasons::add);
            plans.add(new GroupPlan(g.name(), s.current(), g.provisioningNodes(),
                    s.current() + g.provisioningNodes() + s.add() - s.down().scaleDown().size(), s.add(),
                    s.down().candidates(), s.down().scaleDown(), s.down().blocked(), reasons, g.hourlyPrice()));
        }
        Map<String, Integer> planned = new java.util.HashMap<>();
        plans.forEach(p -> planned.put(p.name(), p.desiredNodes()));
        ClusterLimits.Usage held = ClusterLimits.usage(snapshot.groups(), planned);
        AutoProvisioning.Result auto = policy.autoProvisioning().plan(snapshot, up.unschedulable(), policy, held);
        Plan.Limited limited = null;
        if (policy.limits().any()) {
            auto.groups().forEach(g -> planned.put(g.name(), g.nodes()));
            List<GroupTemplate> all = new ArrayList<>(snapshot.groups());
            policy.autoProvisioning().candidates().stream().filter(c -> planned.containsKey(c.name())).forEach(all::add);
            int waiting = (int) auto.unschedulable().stream().filter(u -> u.byGroup().values().stream()
                    .anyMatch(r -> r.code() == Rejection.Code.CLUSTER_LIMIT)).count();
            limited = new Plan.Limited(policy.limits(), ClusterLimits.usage(all, planned), waiting);
        }
        Map<String, Plan.Placement> placements = new java.util.HashMap<>(placements(up));
        auto.groups().forEach(g -> g.pods().forEach(pod -> placements.put(pod, new Plan.Placement(null, g.name(), true))));
        return new Plan(plans, auto.unschedulable(), policy.expander().wireName(), chosen, placements, repair.held(), renew.drifted(),
                limited, auto.groups());
    }

    /** Where each pending pod lands: the existing node the scheduler will give it, or a new node a group adds for it. */
    private static Map<String, Plan.Placement> placements(ScaleUpPlanner.Result up) {
        Map<String, Plan.Placement> out = new java.util.HashMap<>();
        up.onExisting().forEach((pod, node) -> out.put(pod.key(), new Plan.Placement(node, null, false)));
        for (PlannedNode n : up.after().nodes()) {
            if (n.kind() == PlannedNode.Kind.NEW) {
                n.pods().stream().filter(p -> p.awaitsNode() && !Headroom.isVirtual(p))
                        .forEach(p -> out.put(p.key(), new Plan.Placement(n.name(), n.group(), true)));
            }
        }
        return out;
    }

    /** One group's size now, what it adds (for pods and for its floor) and why, and its scale-down. */
    private record Sized(GroupTemplate group, int current, int add, List<String> reasons, ScaleDownPlanner.GroupResult down) {
    }

    /**
     * Whether the cluster is quiet enough for a replacement to start ({@code notQuiet}: why not, or
     * null): no group adds, provisions or removes nodes, no node is cordoned (a pod no group can
     * host is not a scale-up, so it does not hold replacements back for ever); and the groups
     * growing, while which no drain starts.
     */
    private record Calm(String notQuiet, Set<String> growing) {
    }

    private static Calm calm(ClusterSnapshot snapshot, ScaleUpPlanner.Result up, List<Sized> sized) {
        String notQuiet = null;
        Set<String> growing = new TreeSet<>();
        for (Sized s : sized) {
            GroupTemplate g = s.group();
            if (up.added().getOrDefault(g.name(), 0) > 0 || g.provisioningNodes() > 0) {
                growing.add(g.name());
            }
            if (notQuiet == null) {
                notQuiet = s.add() > 0 ? g.name() + " scales up" : g.provisioningNodes() > 0 ? g.name() + " has nodes provisioning"
                        : !s.down().scaleDown().isEmpty() ? g.name() + " scales down" : null;
            }
        }
        if (notQuiet == null && snapshot.nodes().stream().anyMatch(n -> n.ready() && n.unschedulable())) {
            notQuiet = "a node is cordoned (a drain may be under way)";
        }
        return new Calm(notQuiet, growing);
    }

    /**
     * The consolidation part of the plan, given the rest of it: nothing is proposed unless the
     * cluster is quiet, and no drain starts while a group adds for pods. Most clusters have
     * consolidation off and nothing under way: then no planned cluster is built for it.
     */
    private static Consolidator.Result consolidation(List<Sized> sized, Calm calm, java.util.function.Supplier<Consolidator> places) {
        if (sized.stream().noneMatch(s -> s.group().replacing() != null || s.group().scaleDown().consolidates())) {
            return new Consolidator.Result(List.of(), Map.of());
        }
        return places.get().plan(calm.notQuiet(), calm.growing());
    }

    /** {@code make}'s value, made on the first call and kept. */
    private static <T> java.util.function.Supplier<T> memo(java.util.function.Supplier<T> make) {
        List<T> made = new ArrayList<>(1);
        return () -> {
            if (made.isEmpty()) {
                made.add(make.get());
            }
            return made.get(0);
        };
    }
}
