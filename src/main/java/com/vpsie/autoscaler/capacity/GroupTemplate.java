package com.vpsie.autoscaler.capacity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A node group as the planner sees it: bounds, what a new node of it would look like, what it
 * costs, and the state recorded for it. {@code floor} is the lowest size allowed right now:
 * {@code minNodes}, or a manual target that is still held. {@code hourlyPrice} is VPSie's price of
 * one node per hour (0 when unknown). {@code unneededSince} is what the last reconciles recorded;
 * {@code replacing}, a consolidation of this group's nodes that its status says is under way.
 */
public record GroupTemplate(String name, int minNodes, int maxNodes, int floor, int maxNodesPerStep,
                            Map<String, String> labels, List<Taint> taints, Resources allocatable,
                            int provisioningNodes, int priority, double hourlyPrice, ScaleDownPolicy scaleDown,
                            Instant lastScaleUpTime, Map<String, Instant> unneededSince, List<Headroom> headroom, String floorSource,
                            Replacement.Underway replacing, Disruption disruption, Upkeep upkeep, Machine machine) {
    public GroupTemplate {
        headroom = headroom == null ? List.of() : List.copyOf(headroom);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
        scaleDown = scaleDown == null ? ScaleDownPolicy.DEFAULT : scaleDown;
        unneededSince = unneededSince == null ? Map.of() : Map.copyOf(unneededSince);
        disruption = disruption == null ? Disruption.NONE : disruption;
        upkeep = upkeep == null ? Upkeep.NONE : upkeep;
        machine = machine == null ? Machine.UNKNOWN : machine;
    }

    /** A group with the default scale-down policy, no price, priority 0 and no recorded state. */
    public static GroupTemplate of(String name, int minNodes, int maxNodes, Map<String, String> labels, List<Taint> taints,
                                   Resources allocatable) {
        return new GroupTemplate(name, minNodes, maxNodes, minNodes, Integer.MAX_VALUE, labels, taints, allocatable, 0, 0, 0,
                null, null, null, null, null, null, null, null, null);
    }

    public GroupTemplate withCaps(int floor, int maxNodesPerStep, int provisioning) {
        return new GroupTemplate(name, minNodes, maxNodes, floor, maxNodesPerStep, labels, taints, allocatable, provisioning,
                priority, hourlyPrice, scaleDown, lastScaleUpTime, unneededSince, headroom, floorSource, replacing, disruption, upkeep, machine);
    }

    /** What sets the floor, as the reason of an add below it says it. */
    public String floorReason() {
        return floorSource != null ? floorSource : floor == minNodes ? "minNodes" : "held manual target";
    }

    /** Says what the floor is (minNodes, a held manual target, a schedule): the reason an add below it gives. */
    public GroupTemplate withFloorSource(String source) {
        return new GroupTemplate(name, minNodes, maxNodes, floor, maxNodesPerStep, labels, taints, allocatable, provisioningNodes,
                priority, hourlyPrice, scaleDown, lastScaleUpTime, unneededSince, headroom, source, replacing, disruption, upkeep, machine);
    }

    public GroupTemplate withCost(int newPriority, double price) {
        return new GroupTemplate(name, minNodes, maxNodes, floor, maxNodesPerStep, labels, taints, allocatable, provisioningNodes,
                newPriority, price, scaleDown, lastScaleUpTime, unneededSince, headroom, floorSource, replacing, disruption, upkeep, machine);
    }

    public GroupTemplate withScaleDown(ScaleDownPolicy policy, Instant lastScaleUp, Map<String, Instant> since) {
        return new GroupTemplate(name, minNodes, maxNodes, floor, maxNodesPerStep, labels, taints, allocatable, provisioningNodes,
                priority, hourlyPrice, policy, lastScaleUp, since, headroom, floorSource, replacing, disruption, upkeep, machine);
    }

    public GroupTemplate withHeadroom(List<Headroom> room) {
        return new GroupTemplate(name, minNodes, maxNodes, floor, maxNodesPerStep, labels, taints, allocatable, provisioningNodes,
                priority, hourlyPrice, scaleDown, lastScaleUpTime, unneededSince, room, floorSource, replacing, disruption, upkeep, machine);
    }

    public GroupTemplate withReplacing(Replacement.Underway underway) {
        return new GroupTemplate(name, minNodes, maxNodes, floor, maxNodesPerStep, labels, taints, allocatable, provisioningNodes,
                priority, hourlyPrice, scaleDown, lastScaleUpTime, unneededSince, headroom, floorSource, underway, disruption, upkeep, machine);
    }

    /** This group under budgets and an open window's cap ({@code spec.disruption}, {@code spec.schedules[].maxNodes}). */
    public GroupTemplate withDisruption(Disruption d) {
        return new GroupTemplate(name, minNodes, maxNodes, floor, maxNodesPerStep, labels, taints, allocatable, provisioningNodes,
                priority, hourlyPrice, scaleDown, lastScaleUpTime, unneededSince, headroom, floorSource, replacing, d, upkeep, machine);
    }

    /** This group with NotReady nodes repaired by {@code policy}. */
    public GroupTemplate withRepair(RepairPolicy policy) {
        return withUpkeep(upkeep.withRepair(policy));
    }

    /** This group keeping its nodes healthy and current by {@code u}. */
    public GroupTemplate withUpkeep(Upkeep u) {
        return new GroupTemplate(name, minNodes, maxNodes, floor, maxNodesPerStep, labels, taints, allocatable, provisioningNodes,
                priority, hourlyPrice, scaleDown, lastScaleUpTime, unneededSince, headroom, floorSource, replacing, disruption, u, machine);
    }

    /** The machine of the group's VPSie size, what a limit on cores and memory counts per node (0: unknown, then its allocatable). */
    public record Machine(int cpu, long ramMb) {
        public static final Machine UNKNOWN = new Machine(0, 0);
    }

    public GroupTemplate withMachine(Machine m) {
        return new GroupTemplate(name, minNodes, maxNodes, floor, maxNodesPerStep, labels, taints, allocatable, provisioningNodes,
                priority, hourlyPrice, scaleDown, lastScaleUpTime, unneededSince, headroom, floorSource, replacing, disruption, upkeep, m);
    }

    /** How the group repairs NotReady nodes. */
    public RepairPolicy repair() {
        return upkeep.repair();
    }

    /** The most nodes the group may have now: maxNodes, or an open window's cap below it. */
    public int ceiling() {
        return Math.min(maxNodes, disruption.cap());
    }

    /** The lowest size allowed now, never above the ceiling: a window that caps the group wins over its floor. */
    public int effectiveFloor() {
        return Math.min(floor, ceiling());
    }

    /** The DaemonSet pods that would start on a new node of this group (those whose rules admit its template). */
    List<Pod> daemonPods(List<Pod> daemonSets) {
        PlannedNode template = new PlannedNode(newNode(name + "-template"), PlannedNode.Kind.NEW, allocatable);
        return daemonSets.stream().filter(p -> FitPredicate.admitsAll(p, template, null, FitPredicate.STATIC)).toList();
    }

    /**
     * The node a new member of this group would be: the group's labels and taints, its own
     * hostname, and the group label the autoscaler puts on every node it manages.
     */
    public Node newNode(String nodeName) {
        return new Node(nodeName, name, new NewNodeLabels(labels, nodeName, name), Map.of(), taints, allocatable, true, false);
    }
}
