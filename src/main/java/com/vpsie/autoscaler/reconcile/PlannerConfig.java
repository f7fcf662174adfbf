package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.Expander;
import com.vpsie.autoscaler.capacity.PlanningPolicy;
import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code autoscaler.planner.*}: how the planner chooses among groups, and the cluster-wide node cap. */
@ConfigurationProperties("autoscaler.planner")
public class PlannerConfig {
    private String expander = Expander.LEAST_COST.wireName();
    private int maxNodesTotal;

    public String getExpander() {
        return expander;
    }

    public void setExpander(String expander) {
        Expander.parse(expander);
        this.expander = expander;
    }

    public int getMaxNodesTotal() {
        return maxNodesTotal;
    }

    public void setMaxNodesTotal(int maxNodesTotal) {
        this.maxNodesTotal = maxNodesTotal;
    }

    public PlanningPolicy policy() {
        return new PlanningPolicy(Expander.parse(expander), maxNodesTotal);
    }
}
