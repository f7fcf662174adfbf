package com.vpsie.autoscaler.capacity;

/**
 * When a group's nodes may be replaced by cheaper ones ({@code spec.scaleDown.consolidation}): only
 * when on, only for an hourly saving of at least {@code minSavingsPercent}, and at most
 * {@code maxNodesPerStep} of its nodes at a time, by {@code policy}. Off by default: it moves running
 * pods for money, which a cluster's owner opts into.
 */
public record ConsolidationPolicy(boolean enabled, double minSavingsPercent, int maxNodesPerStep, Policy policy) {
    public static final ConsolidationPolicy OFF = new ConsolidationPolicy(false, 20, 1);

    /** Which moves consolidation may make (Karpenter's names for the last two). */
    public enum Policy {
        /** Replacements only; a node whose pods fit on the others is left to scale-down's threshold and timers. */
        REPLACE,
        /** Only empty nodes, deleted together up to maxNodesPerStep. */
        WHEN_EMPTY,
        /** Deleting, replacing, or both, whichever leaves the cheapest group, whatever scale-down's utilization threshold. */
        WHEN_EMPTY_OR_UNDERUTILIZED;

        /** The policy a spec names ({@code WhenEmpty}, {@code WhenEmptyOrUnderutilized}); null for none of them. */
        public static Policy of(String wire) {
            return "WhenEmpty".equals(wire) ? WHEN_EMPTY : "WhenEmptyOrUnderutilized".equals(wire) ? WHEN_EMPTY_OR_UNDERUTILIZED : null;
        }
    }

    public ConsolidationPolicy(boolean enabled, double minSavingsPercent, int maxNodesPerStep) {
        this(enabled, minSavingsPercent, maxNodesPerStep, Policy.REPLACE);
    }

    public ConsolidationPolicy {
        policy = policy == null ? Policy.REPLACE : policy;
        if (!(minSavingsPercent > 0 && minSavingsPercent <= 100)) {
            throw new IllegalArgumentException("scaleDown.consolidation.minSavingsPercent: expected more than 0 and at most 100, got "
                    + minSavingsPercent);
        }
        if (maxNodesPerStep < 1) {
            throw new IllegalArgumentException("scaleDown.consolidation.maxNodesPerStep: expected >= 1, got " + maxNodesPerStep);
        }
    }
}
