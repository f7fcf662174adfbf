package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups on demand ({@code AutoscalerPolicy} {@code spec.autoProvisioning}): for pending pods no
 * existing group can host, a new group of one of the allowed VPSie sizes, the cheapest that holds
 * them by every scheduling rule (the least-cost expander over one candidate group per size, each with
 * the policy's labels and taints), at most {@code room} new groups, within the cluster-wide limits
 * what the existing groups leave. A plan only: the reconcile creates what it proposes.
 *
 * @param candidates one would-be group per allowed size, by the name it would get
 * @param sizes      the VPSie size of each candidate, by the candidate's name
 * @param room       how many more groups may be created ({@code maxGroups} less those created)
 */
public record AutoProvisioning(List<GroupTemplate> candidates, Map<String, Size> sizes, int room, String refused) {
    public static final AutoProvisioning OFF = new AutoProvisioning(List.of(), Map.of(), 0, null);

    public AutoProvisioning {
        candidates = List.copyOf(candidates);
        sizes = Map.copyOf(sizes);
    }

    public AutoProvisioning(List<GroupTemplate> candidates, Map<String, Size> sizes, int room) {
        this(candidates, sizes, room, null);
    }

    /** Groups on demand asked for, but not possible as asked ({@code why} names the field): every pod it would have placed says so. */
    public static AutoProvisioning refusing(String why) {
        return new AutoProvisioning(List.of(), Map.of(), 0, why);
    }

    /** A VPSie size as offered in the datacenter: its id and name, what a node has and costs. */
    public record Size(long id, String name, int cpu, long ramMb, double hourly) {
    }

    /** A group the plan would create: its name, its VPSie size, how many nodes, for which pods, and what they cost an hour. */
    public record NewGroup(String name, Size size, int nodes, List<String> pods) {
        /** How an unschedulable pod's reasons name the groups on demand as a whole. */
        static final String ANY = "auto-*";

        public NewGroup {
            pods = List.copyOf(pods);
        }

        public double hourly() {
            return nodes * size.hourly();
        }
    }

    public boolean on() {
        return !candidates.isEmpty();
    }

    /** The new groups for these unschedulable pods, and the pods still without a place with every candidate's reason added. */
    record Result(List<NewGroup> groups, List<UnschedulablePod> unschedulable) {
    }

    /**
     * @param held      pending pods no existing group can host, as the first pass left them
     * @param existing  what the existing groups hold once the first pass is carried out, counted against the limits
     */
    Result plan(ClusterSnapshot snapshot, List<UnschedulablePod> held, PlanningPolicy policy, ClusterLimits.Usage existing) {
        if (refused != null) {
            return new Result(List.of(), held.stream().map(u -> {
                Map<String, Rejection> why = new HashMap<>(u.byGroup());
                why.put(NewGroup.ANY, new Rejection(Rejection.Code.CLUSTER_LIMIT, "autoProvisioning", "no group is created: " + refused));
                return new UnschedulablePod(u.pod(), why);
            }).toList());
        }
        if (!on() || held.isEmpty()) {
            return new Result(List.of(), held);
        }
        Set<String> waiting = new HashSet<>();
        held.forEach(u -> waiting.add(u.pod()));
        List<Pod> pods = snapshot.pods().stream().filter(p -> !p.awaitsNode() || waiting.contains(p.key())).toList();
        ClusterSnapshot forNew = new ClusterSnapshot(snapshot.nodes(), pods, candidates, snapshot.pdbs(), snapshot.daemonSets());
        PlanningPolicy cheapest = new PlanningPolicy(Expander.LEAST_COST, 0, policy.limits().less(existing));
        ScaleUpPlanner.Result up = room <= 0 ? null : new ScaleUpPlanner(forNew, cheapest).plan();
        List<NewGroup> groups = new ArrayList<>();
        Map<String, List<String>> podsOf = new HashMap<>();
        if (up != null) {
            for (PlannedNode n : up.after().nodes()) {
                if (n.kind() == PlannedNode.Kind.NEW) {
                    n.pods().stream().filter(p -> p.awaitsNode() && !Headroom.isVirtual(p))
                            .forEach(p -> podsOf.computeIfAbsent(n.group(), k -> new ArrayList<>()).add(p.key()));
                }
            }
            up.added().forEach((name, nodes) -> {
                if (nodes > 0) {
                    groups.add(new NewGroup(name, sizes.get(name), nodes, podsOf.getOrDefault(name, List.of())));
                }
            });
        }
        // The most pods first, the cheaper on a tie: the ones past the room wait for a later plan.
        groups.sort(Comparator.comparingInt((NewGroup g) -> -g.pods().size()).thenComparingDouble(NewGroup::hourly).thenComparing(NewGroup::name));
        List<NewGroup> kept = groups.subList(0, Math.min(groups.size(), Math.max(0, room)));
        Set<String> placed = new HashSet<>();
        kept.forEach(g -> placed.addAll(g.pods()));
        Map<String, Map<String, Rejection>> more = new HashMap<>();
        if (up != null) {
            up.unschedulable().forEach(u -> more.put(u.pod(), u.byGroup()));
        }
        List<UnschedulablePod> still = new ArrayList<>();
        for (UnschedulablePod u : held) {
            if (placed.contains(u.pod())) {
                continue;
            }
            Map<String, Rejection> why = new HashMap<>(u.byGroup());
            if (up == null) {
                why.put(NewGroup.ANY, new Rejection(Rejection.Code.CLUSTER_LIMIT, "autoProvisioning.maxGroups",
                        "AutoscalerPolicy spec.autoProvisioning.maxGroups reached: no more groups are created"));
            } else if (more.containsKey(u.pod())) {
                why.putAll(more.get(u.pod()));
            } else {
                why.put(NewGroup.ANY, new Rejection(Rejection.Code.CLUSTER_LIMIT, "autoProvisioning.maxGroups",
                        "its new group waits: AutoscalerPolicy spec.autoProvisioning.maxGroups allows no more than the " + kept.size()
                        + " proposed now"));
            }
            still.add(new UnschedulablePod(u.pod(), why));
        }
        return new Result(List.copyOf(kept), still);
    }
}
