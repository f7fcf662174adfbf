package com.vpsie.autoscaler.capacity;

/**
 * Cluster-wide planning settings: how to choose among groups, the most nodes the whole cluster may
 * have (0: no cap beyond each group's maxNodes), the limits on what managed groups hold together,
 * and the groups it may propose to create for pods no group can host.
 */
public record PlanningPolicy(Expander expander, int maxNodesTotal, ClusterLimits limits, AutoProvisioning autoProvisioning) {
    public static final PlanningPolicy DEFAULT = new PlanningPolicy(Expander.LEAST_COST, 0);

    public PlanningPolicy {
        if (maxNodesTotal < 0) {
            throw new IllegalArgumentException("maxNodesTotal: expected >= 0, got " + maxNodesTotal);
        }
        limits = limits == null ? ClusterLimits.NONE : limits;
        autoProvisioning = autoProvisioning == null ? AutoProvisioning.OFF : autoProvisioning;
    }

    public PlanningPolicy(Expander expander, int maxNodesTotal) {
        this(expander, maxNodesTotal, ClusterLimits.NONE, AutoProvisioning.OFF);
    }

    public PlanningPolicy(Expander expander, int maxNodesTotal, ClusterLimits limits) {
        this(expander, maxNodesTotal, limits, AutoProvisioning.OFF);
    }

    public PlanningPolicy withLimits(ClusterLimits l) {
        return new PlanningPolicy(expander, maxNodesTotal, l, autoProvisioning);
    }

    /** This policy proposing new groups of the sizes {@code a} allows. */
    public PlanningPolicy withAutoProvisioning(AutoProvisioning a) {
        return new PlanningPolicy(expander, maxNodesTotal, limits, a);
    }
}
