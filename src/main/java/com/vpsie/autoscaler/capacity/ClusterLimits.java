package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cluster-wide limits on what all managed groups hold together ({@code AutoscalerPolicy}
 * {@code spec.limits}): nodes, CPU cores, memory and dollars per hour, each counted over every
 * managed group's nodes, those provisioning and those the plan adds; 0 leaves one unlimited. The
 * planner adds no node that would take a total past its limit, and says which limit held the pods
 * back. A limit below what already runs adds nothing more and removes nothing: getting under it is
 * the operator's call. {@code refused} (not null) says the policy could not be read: then nothing is
 * added at all, so a broken limit fails closed.
 */
public record ClusterLimits(int nodes, long milliCpu, long memoryBytes, double hourly, String refused, Usage base) {
    public static final ClusterLimits NONE = new ClusterLimits(0, 0, 0, 0, null);

    public ClusterLimits {
        if (nodes < 0 || milliCpu < 0 || memoryBytes < 0 || hourly < 0 || Double.isNaN(hourly)) {
            throw new IllegalArgumentException("limits: expected 0 or more, got nodes " + nodes + ", cpu " + milliCpu + "m, memory "
                    + memoryBytes + ", hourly " + hourly);
        }
        base = base == null ? new Usage(0, 0, 0, 0) : base;
    }

    public ClusterLimits(int nodes, long milliCpu, long memoryBytes, double hourly, String refused) {
        this(nodes, milliCpu, memoryBytes, hourly, refused, null);
    }

    /** These limits with {@code held} (what groups outside those planned for hold) counted as used. */
    ClusterLimits less(Usage held) {
        return new ClusterLimits(nodes, milliCpu, memoryBytes, hourly, refused, new Usage(base.nodes() + held.nodes(),
                base.milliCpu() + held.milliCpu(), base.memoryBytes() + held.memoryBytes(), base.hourly() + held.hourly()));
    }

    /** Limits that add nothing, saying why (an AutoscalerPolicy that breaks a rule, naming its field). */
    public static ClusterLimits refusing(String why) {
        return new ClusterLimits(0, 0, 0, 0, why);
    }

    public boolean any() {
        return refused != null || nodes > 0 || milliCpu > 0 || memoryBytes > 0 || hourly > 0;
    }

    /** What one new node of a group adds to the totals: its machine's cores and memory, and its price. */
    record PerNode(long milliCpu, long memoryBytes, double hourly) {
        static PerNode of(GroupTemplate g) {
            GroupTemplate.Machine m = g.machine();
            long cpu = m.cpu() > 0 ? m.cpu() * 1000L : g.allocatable().milliCpu();
            long memory = m.ramMb() > 0 ? m.ramMb() * 1024L * 1024L : g.allocatable().memoryBytes();
            return new PerNode(cpu, memory, Math.max(0, g.hourlyPrice()));  // a negative price is no price
        }
    }

    /** As {@link #room(GroupTemplate, List, Map)}, each group holding its members, its nodes provisioning and the plan's adds so far. */
    Room room(GroupTemplate g, List<GroupTemplate> groups, Map<String, Integer> members, Map<String, Integer> added) {
        if (!any()) {
            return new Room(Integer.MAX_VALUE, null);
        }
        return room(g, groups, holds(groups, members, added));
    }

    /** How many nodes each group holds: its members, its nodes provisioning and the plan's adds so far. */
    static Map<String, Integer> holds(List<GroupTemplate> groups, Map<String, Integer> members, Map<String, Integer> added) {
        Map<String, Integer> holds = new java.util.HashMap<>();
        groups.forEach(x -> holds.put(x.name(), members.getOrDefault(x.name(), 0) + x.provisioningNodes() + added.getOrDefault(x.name(), 0)));
        return holds;
    }

    /**
     * How many more nodes of {@code g} the limits allow, given how many nodes each group holds now
     * (members, provisioning and planned adds), with the limit that binds first; Integer.MAX_VALUE
     * and null when no limit is set.
     */
    Room room(GroupTemplate g, List<GroupTemplate> groups, Map<String, Integer> holds) {
        if (refused != null) {
            return new Room(0, new Rejection(Rejection.Code.CLUSTER_LIMIT, "AutoscalerPolicy", "no node is added: " + refused));
        }
        Usage used = usage(groups, holds);
        long usedNodes = used.nodes() + base.nodes();
        long usedCpu = used.milliCpu() + base.milliCpu();
        long usedMemory = used.memoryBytes() + base.memoryBytes();
        double usedHourly = used.hourly() + base.hourly();
        PerNode one = PerNode.of(g);
        Room best = new Room(Integer.MAX_VALUE, null);
        if (nodes > 0) {
            best = best.min(nodes - usedNodes, 1, "nodes", nodes + " node(s)", usedNodes + " held");
        }
        if (milliCpu > 0) {
            best = best.min(milliCpu - usedCpu, one.milliCpu(), "cores", Quantity.formatMilliCpu(milliCpu) + " CPU",
                    Quantity.formatMilliCpu(usedCpu) + " held, " + Quantity.formatMilliCpu(one.milliCpu()) + " a node");
        }
        if (memoryBytes > 0) {
            best = best.min(memoryBytes - usedMemory, one.memoryBytes(), "memory", Quantity.formatBytes(memoryBytes),
                    Quantity.formatBytes(usedMemory) + " held, " + Quantity.formatBytes(one.memoryBytes()) + " a node");
        }
        if (hourly > 0 && one.hourly() <= 0) {
            // Fail closed: a node of unknown price could take the total anywhere.
            return new Room(0, new Rejection(Rejection.Code.CLUSTER_LIMIT, "limits.hourlyPrice", "AutoscalerPolicy spec.limits.hourlyPrice "
                    + dollars(hourly) + "/h cannot be kept: VPSie's price of this group's nodes is unknown"));
        }
        if (hourly > 0) {
            long left = (long) Math.floor((hourly - usedHourly) * 1e6 + 1e-6);
            best = best.min(left, Math.max(1, Math.round(one.hourly() * 1e6)), "hourlyPrice", dollars(hourly) + "/h",
                    dollars(usedHourly) + "/h held, " + dollars(one.hourly()) + "/h a node");
        }
        return best;
    }

    /** What the managed groups hold together: nodes, CPU (millicores), memory (bytes) and dollars per hour. */
    public record Usage(long nodes, long milliCpu, long memoryBytes, double hourly) {
    }

    /** What {@code groups} hold together when each holds {@code holds} nodes. */
    static Usage usage(List<GroupTemplate> groups, Map<String, Integer> holds) {
        long n = 0;
        long cpu = 0;
        long memory = 0;
        double hourly = 0;
        for (GroupTemplate x : groups) {
            int k = holds.getOrDefault(x.name(), 0);
            PerNode p = PerNode.of(x);
            n += k;
            cpu += k * p.milliCpu();
            memory += k * p.memoryBytes();
            hourly += k * p.hourly();
        }
        return new Usage(n, cpu, memory, hourly);
    }

    static String dollars(double d) {
        return String.format(Locale.ROOT, "$%.4f", d);
    }

    /** How many more nodes may be added, and the limit that says so (null: none binds). */
    record Room(int nodes, Rejection limit) {
        Room min(long left, long perNode, String field, String limit, String held) {
            int n = left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE - 1L, left / Math.max(1, perNode));
            return n < nodes ? new Room(n, new Rejection(Rejection.Code.CLUSTER_LIMIT, "limits." + field,
                    "AutoscalerPolicy spec.limits." + field + " " + limit + " reached (" + held + ")")) : this;
        }
    }
}
