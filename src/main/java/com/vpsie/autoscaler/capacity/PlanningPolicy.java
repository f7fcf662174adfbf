package com.vpsie.autoscaler.capacity;

/**
 * Cluster-wide planning settings: how to choose among groups, and the most nodes the whole
 * cluster may have (0: no cap beyond each group's maxNodes).
 */
public record PlanningPolicy(Expander expander, int maxNodesTotal) {
    public static final PlanningPolicy DEFAULT = new PlanningPolicy(Expander.LEAST_COST, 0);

    public PlanningPolicy {
        if (maxNodesTotal < 0) {
            throw new IllegalArgumentException("maxNodesTotal: expected >= 0, got " + maxNodesTotal);
        }
    }
}
