package com.vpsie.autoscaler.capacity;

import java.time.Duration;

/**
 * How a group keeps its nodes healthy and current ({@code spec.repair}, {@code spec.drift},
 * {@code spec.expireAfter}, {@code spec.disruption.forceAfter}): NotReady nodes repaired by
 * {@code repair}; nodes that differ from what a new node of the group is now ({@code drift}; null:
 * drift off) fixed in place or replaced; nodes older than {@code expireAfter} (null: never)
 * replaced, past their do-not-disrupt pods once {@code forceAfter} more has gone by (null: never).
 */
public record Upkeep(RepairPolicy repair, Current drift, Duration expireAfter, Duration forceAfter) {
    public static final Upkeep NONE = new Upkeep(RepairPolicy.OFF, null, null, null);

    public Upkeep {
        repair = repair == null ? RepairPolicy.OFF : repair;
    }

    /**
     * What a new node of the group is now: its VPSie size's CPUs and RAM in MB, and the Kubernetes
     * minor version ("1.30") VPSie provisions; 0 or null where unknown, and an unknown part never drifts.
     */
    public record Current(int cpu, long ramMb, String kubeMinor) {
    }

    public Upkeep withRepair(RepairPolicy policy) {
        return new Upkeep(policy, drift, expireAfter, forceAfter);
    }
}
