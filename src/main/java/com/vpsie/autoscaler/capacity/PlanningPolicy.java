package com.vpsie.autoscaler.capacity;

/**
 * Cluster-wide planning settings: how to choose among groups, the most nodes the whole cluster may
 * have (0: no cap beyond each group's maxNodes), and the limits on what managed groups hold together.
 */
public record PlanningPolicy(Expander expander, int maxNodesTotal, ClusterLimits limits) {
    public static final PlanningPolicy DEFAULT = new PlanningPolicy(Expander.LEAST_COST, 0);

    public PlanningPolicy {
        if (maxNodesTotal < 0) {
            throw new IllegalArgumentException("maxNodesTotal: expected >= 0, got " + maxNodesTotal);
        }
        limits = limits == null ? ClusterLimits.NONE : limits;
    }

    public PlanningPolicy(Expander expander, int maxNodesTotal) {
        this(expander, maxNodesTotal, ClusterLimits.NONE);
    }

    public PlanningPolicy withLimits(ClusterLimits l) {
        return new PlanningPolicy(expander, maxNodesTotal, l);
    }
}
