package com.vpsie.autoscaler.capacity;

/**
 * A topology spread constraint with {@code whenUnsatisfiable: DoNotSchedule} (the only kind that
 * stops a pod from landing, so the only kind the planner models).
 */
public record SpreadConstraint(int maxSkew, String topologyKey, LabelSelector selector, int minDomains) {
    public SpreadConstraint {
        if (maxSkew < 1) {
            throw new IllegalArgumentException("maxSkew: expected >= 1, got " + maxSkew);
        }
        minDomains = Math.max(1, minDomains);
    }
}
