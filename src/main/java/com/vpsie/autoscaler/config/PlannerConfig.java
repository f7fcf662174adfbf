package com.vpsie.autoscaler.config;

import com.vpsie.autoscaler.capacity.Expander;
import com.vpsie.autoscaler.capacity.PlanningPolicy;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code autoscaler.planner.*}: how the planner chooses among groups, and the cluster-wide node cap (0: none).
 */
@Context
@ConfigurationProperties("autoscaler.planner")
public record PlannerConfig(@Bindable(defaultValue = "least-cost") String expander, @Bindable(defaultValue = "0") int maxNodesTotal) {
    public PlannerConfig {
        SettingChecks.atLeast(maxNodesTotal, 0, "autoscaler.planner.max-nodes-total");
        try {
            Expander.parse(expander);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("autoscaler.planner." + e.getMessage());
        }
    }

    public PlanningPolicy policy() {
        return new PlanningPolicy(Expander.parse(expander), maxNodesTotal);
    }
}
