package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Optional;

/**
 * The planner's answer for the whole cluster, the expander it chose groups with, and the
 * consolidation replacements: those under way, or the proposals, the one to start first first.
 */
public record Plan(List<GroupPlan> nodeGroups, List<UnschedulablePod> unschedulablePods, String expander, List<Replacement> replacements) {
    public Plan {
        nodeGroups = List.copyOf(nodeGroups);
        unschedulablePods = List.copyOf(unschedulablePods);
        replacements = List.copyOf(replacements);
    }

    /** The replacement of this group's nodes in this plan, if any. */
    public Optional<Replacement> replacementOf(String group) {
        return replacements.stream().filter(r -> r.group().equals(group)).findFirst();
    }

    public Optional<GroupPlan> group(String name) {
        return nodeGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
