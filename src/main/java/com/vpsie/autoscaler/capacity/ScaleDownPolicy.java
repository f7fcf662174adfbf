package com.vpsie.autoscaler.capacity;

import java.time.Duration;

/**
 * When a node group may shrink. Defaults are the Cluster Autoscaler's: utilization threshold 0.5,
 * unneeded for 10 minutes, 10 minutes after the last scale-up, one node per step; consolidation off.
 */
public record ScaleDownPolicy(boolean enabled, double utilizationThreshold, Duration unneededTime, Duration delayAfterScaleUp,
                              int maxNodesPerStep, ConsolidationPolicy consolidation) {
    public static final ScaleDownPolicy DEFAULT = new ScaleDownPolicy(true, 0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 1);

    public ScaleDownPolicy(boolean enabled, double utilizationThreshold, Duration unneededTime, Duration delayAfterScaleUp, int maxNodesPerStep) {
        this(enabled, utilizationThreshold, unneededTime, delayAfterScaleUp, maxNodesPerStep, ConsolidationPolicy.OFF);
    }

    public ScaleDownPolicy {
        consolidation = consolidation == null ? ConsolidationPolicy.OFF : consolidation;
        if (utilizationThreshold < 0 || utilizationThreshold > 1) {
            throw new IllegalArgumentException("scaleDown.utilizationThreshold: expected 0..1, got " + utilizationThreshold);
        }
    }

    /** Whether the group's nodes may be replaced: consolidation on, and scale-down itself on (a replacement removes nodes). */
    public boolean consolidates() {
        return enabled && consolidation.enabled();
    }
}
