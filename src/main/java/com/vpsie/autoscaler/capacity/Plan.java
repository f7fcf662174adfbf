package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Optional;

/** The planner's answer for the whole cluster, and the expander it chose groups with. */
public record Plan(List<GroupPlan> nodeGroups, List<UnschedulablePod> unschedulablePods, String expander) {
    public Plan {
        nodeGroups = List.copyOf(nodeGroups);
        unschedulablePods = List.copyOf(unschedulablePods);
    }

    public Optional<GroupPlan> group(String name) {
        return nodeGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
