package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The planner's answer for the whole cluster, the expander it chose groups with, the
 * replacements (those under way, or the proposals, the one to start first first: repairs, then
 * drift and expiry, then consolidation), where each pending pod is expected to run, by its key, the
 * groups whose repair the outage guard holds, and every node that drifted.
 */
public record Plan(List<GroupPlan> nodeGroups, List<UnschedulablePod> unschedulablePods, String expander, List<Replacement> replacements,
                   Map<String, Placement> placements, Map<String, String> repairHeld, List<Drift> drifted, Limited limits,
                   List<AutoProvisioning.NewGroup> newGroups) {
    /**
     * The cluster-wide limits this plan was made under, what the managed groups hold once it is
     * carried out, and how many pending pods a limit held back; null without limits.
     */
    public record Limited(ClusterLimits limits, ClusterLimits.Usage planned, int podsHeld) {
        /** One limit in use, as the spec names it: its most, and what the groups hold once the plan is carried out (cores, bytes, dollars). */
        public record Use(String limit, double max, double planned) {
        }

        /** Each limit set, in the spec's order; none when the policy could not be read. */
        public List<Use> uses() {
            List<Use> out = new java.util.ArrayList<>();
            if (limits.refused() != null) {
                return out;
            }
            if (limits.nodes() > 0) {
                out.add(new Use("nodes", limits.nodes(), planned.nodes()));
            }
            if (limits.milliCpu() > 0) {
                out.add(new Use("cores", limits.milliCpu() / 1000.0, planned.milliCpu() / 1000.0));
            }
            if (limits.memoryBytes() > 0) {
                out.add(new Use("memory", limits.memoryBytes(), planned.memoryBytes()));
            }
            if (limits.hourly() > 0) {
                out.add(new Use("hourlyPrice", limits.hourly(), planned.hourly()));
            }
            return out;
        }
    }


    public Plan {
        nodeGroups = List.copyOf(nodeGroups);
        unschedulablePods = List.copyOf(unschedulablePods);
        replacements = List.copyOf(replacements);
        placements = placements == null ? Map.of() : Map.copyOf(placements);
        repairHeld = repairHeld == null ? Map.of() : Map.copyOf(repairHeld);
        drifted = drifted == null ? List.of() : List.copyOf(drifted);
        newGroups = newGroups == null ? List.of() : List.copyOf(newGroups);
    }

    /** The nodes of {@code group} that drifted from what a new node of it is now. */
    public List<Drift> driftedIn(String group) {
        return drifted.stream().filter(d -> d.group().equals(group)).toList();
    }

    /** A pending pod's place in the plan: an existing (or provisioning) node, or a new node of a group. */
    public record Placement(String node, String group, boolean newNode) {
    }

    /** The replacement of this group's nodes in this plan, if any. */
    public Optional<Replacement> replacementOf(String group) {
        return replacements.stream().filter(r -> r.group().equals(group)).findFirst();
    }

    public Optional<GroupPlan> group(String name) {
        return nodeGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
