package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The walking skeleton's planner: first-fit decreasing on CPU, memory and pod count, checking
 * nodeSelector and taints. Pending pods first fill free room on existing nodes, then nodes already
 * provisioning, then new nodes of the first group (by name) that can host them, within the
 * group's maximum and per-step cap. Deterministic: the same snapshot gives the same plan.
 */
public final class FirstFitPlanner {
    private static final Comparator<Pod> LARGEST_FIRST = Comparator
            .comparingLong((Pod p) -> p.requests().milliCpu()).reversed()
            .thenComparing(Comparator.comparingLong((Pod p) -> p.requests().memoryBytes()).reversed())
            .thenComparing(Pod::key);

    private final FitPredicate[] predicates = FitPredicate.all();

    public Plan plan(ClusterSnapshot snapshot) {
        List<OpenNode> existing = existingNodes(snapshot);
        Map<String, List<OpenNode>> virtual = new LinkedHashMap<>();
        Map<String, Integer> added = new HashMap<>();
        Map<String, Integer> current = new HashMap<>();
        for (Node n : snapshot.nodes()) {
            if (n.nodeGroup() != null) {
                current.merge(n.nodeGroup(), 1, Integer::sum);
            }
        }
        List<GroupTemplate> groups = snapshot.groups().stream().sorted(Comparator.comparing(GroupTemplate::name)).toList();
        for (GroupTemplate g : groups) {
            List<OpenNode> open = new ArrayList<>();
            for (int i = 0; i < g.provisioningNodes(); i++) {
                open.add(new OpenNode(g.newNode(g.name() + "-provisioning-" + i), g.name(), false, g.allocatable()));
            }
            virtual.put(g.name(), open);
        }

        Map<String, Integer> placedOnNew = new HashMap<>();
        Map<String, Integer> placedOnProvisioning = new HashMap<>();
        Map<String, Integer> cappedPods = new HashMap<>();
        List<UnschedulablePod> unschedulable = new ArrayList<>();

        List<Pod> pending = snapshot.pods().stream().filter(Pod::awaitsNode).sorted(LARGEST_FIRST).toList();
        for (Pod pod : pending) {
            if (placeOn(existing, pod) != null) {
                continue;
            }
            StringJoiner why = new StringJoiner("; ");
            boolean placed = false;
            for (GroupTemplate g : groups) {
                String templateRejection = FitPredicate.firstRejection(predicates, pod, g.newNode("template"), g.allocatable());
                if (templateRejection != null) {
                    why.add("group " + g.name() + ": " + templateRejection);
                    continue;
                }
                List<OpenNode> open = virtual.get(g.name());
                OpenNode target = placeOn(open, pod);
                if (target != null) {
                    (target.fresh ? placedOnNew : placedOnProvisioning).merge(g.name(), 1, Integer::sum);
                    placed = true;
                    break;
                }
                int newSoFar = added.getOrDefault(g.name(), 0);
                int size = current.getOrDefault(g.name(), 0) + g.provisioningNodes() + newSoFar;
                if (size >= g.maxNodes()) {
                    why.add("group " + g.name() + ": at maxNodes " + g.maxNodes());
                    cappedPods.merge(g.name(), 1, Integer::sum);
                    continue;
                }
                if (newSoFar >= g.maxNodesPerStep()) {
                    why.add("group " + g.name() + ": maxNodesPerStep " + g.maxNodesPerStep() + " reached");
                    cappedPods.merge(g.name(), 1, Integer::sum);
                    continue;
                }
                OpenNode fresh = new OpenNode(g.newNode(g.name() + "-new-" + newSoFar), g.name(), true, g.allocatable());
                fresh.place(pod);
                open.add(fresh);
                added.put(g.name(), newSoFar + 1);
                placedOnNew.merge(g.name(), 1, Integer::sum);
                placed = true;
                break;
            }
            if (!placed) {
                unschedulable.add(new UnschedulablePod(pod.key(), groups.isEmpty() ? "no node groups are managed" : why.toString()));
            }
        }

        List<GroupPlan> plans = new ArrayList<>();
        for (GroupTemplate g : groups) {
            List<String> r = new ArrayList<>();
            int cur = current.getOrDefault(g.name(), 0);
            int up = added.getOrDefault(g.name(), 0);
            if (up > 0) {
                r.add(placedOnNew.get(g.name()) + " pending pod(s) need " + up + " new node(s) of "
                        + describe(g.allocatable()) + " (first-fit on cpu, memory, pods)");
            }
            if (placedOnProvisioning.containsKey(g.name())) {
                r.add(placedOnProvisioning.get(g.name()) + " pending pod(s) will fit on the " + g.provisioningNodes()
                        + " node(s) already provisioning");
            }
            if (cappedPods.containsKey(g.name())) {
                r.add(cappedPods.get(g.name()) + " pod(s) could use this group but it is capped (maxNodes "
                        + g.maxNodes() + ", maxNodesPerStep " + g.maxNodesPerStep() + ")");
            }
            int floorGap = g.floor() - (cur + g.provisioningNodes() + up);
            if (floorGap > 0) {
                int room = Math.min(floorGap, Math.max(0, g.maxNodes() - (cur + g.provisioningNodes() + up)));
                up += room;
                r.add("below its floor of " + g.floor() + " node(s) (" + (g.floor() == g.minNodes() ? "minNodes" : "held manual target")
                        + "): adding " + room);
            }
            if (r.isEmpty()) {
                r.add("no pending pods need this group; " + cur + " node(s), " + g.provisioningNodes() + " provisioning");
            }
            List<String> candidates = emptyNodes(snapshot, g, cur);
            plans.add(new GroupPlan(g.name(), cur, g.provisioningNodes(), cur + g.provisioningNodes() + up, up,
                    candidates, List.of(), r));
        }
        return new Plan(plans, unschedulable);
    }

    private OpenNode placeOn(List<OpenNode> nodes, Pod pod) {
        for (OpenNode n : nodes) {
            if (FitPredicate.firstRejection(predicates, pod, n.node, n.free) == null) {
                n.place(pod);
                return n;
            }
        }
        return null;
    }

    private static List<OpenNode> existingNodes(ClusterSnapshot snapshot) {
        Map<String, Resources> used = new HashMap<>();
        for (Pod p : snapshot.pods()) {
            if (p.occupiesNode()) {
                used.merge(p.nodeName(), p.requests().plus(Resources.of(0, 0, 1)), Resources::plus);
            }
        }
        return snapshot.nodes().stream()
                .filter(Node::acceptsPods)
                .sorted(Comparator.comparing(Node::name))
                .map(n -> new OpenNode(n, n.nodeGroup(), false, n.allocatable().minus(used.getOrDefault(n.name(), Resources.NONE))))
                .toList();
    }

    /**
     * The skeleton's scale-down view: nodes of the group that run no pods other than DaemonSet
     * pods, while the group stays at or above its floor. Acting on them is a later issue's work.
     */
    private static List<String> emptyNodes(ClusterSnapshot snapshot, GroupTemplate g, int current) {
        Map<String, Integer> workloads = new HashMap<>();
        for (Pod p : snapshot.pods()) {
            if (p.occupiesNode() && !p.isDaemonSetPod()) {
                workloads.merge(p.nodeName(), 1, Integer::sum);
            }
        }
        List<String> empty = snapshot.nodes().stream()
                .filter(n -> g.name().equals(n.nodeGroup()) && n.ready() && !workloads.containsKey(n.name()))
                .map(Node::name).sorted().toList();
        int removable = Math.max(0, current - g.floor());
        return empty.subList(0, Math.min(empty.size(), removable));
    }

    private static String describe(Resources r) {
        return Quantity.formatMilliCpu(r.milliCpu()) + " CPU / " + Quantity.formatBytes(r.memoryBytes());
    }
}
