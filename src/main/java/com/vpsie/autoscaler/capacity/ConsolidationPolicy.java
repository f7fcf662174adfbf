package com.vpsie.autoscaler.capacity;

/**
 * When a group's nodes may be replaced by cheaper ones ({@code spec.scaleDown.consolidation}): only
 * when on, only for an hourly saving of at least {@code minSavingsPercent}, and at most
 * {@code maxNodesPerStep} of its nodes at a time. Off by default: it moves running pods for money,
 * which a cluster's owner opts into.
 */
public record ConsolidationPolicy(boolean enabled, double minSavingsPercent, int maxNodesPerStep) {
    public static final ConsolidationPolicy OFF = new ConsolidationPolicy(false, 20, 1);

    public ConsolidationPolicy {
        if (!(minSavingsPercent > 0 && minSavingsPercent <= 100)) {
            throw new IllegalArgumentException("scaleDown.consolidation.minSavingsPercent: expected more than 0 and at most 100, got "
                    + minSavingsPercent);
        }
        if (maxNodesPerStep < 1) {
            throw new IllegalArgumentException("scaleDown.consolidation.maxNodesPerStep: expected >= 1, got " + maxNodesPerStep);
        }
    }
}
