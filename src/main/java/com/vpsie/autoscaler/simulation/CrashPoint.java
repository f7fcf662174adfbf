package com.vpsie.autoscaler.simulation;

/**
 * Where a simulated replica dies: after each step of a scale-up and of a scale-down that leaves
 * something half done. The replica stops at once (no finally of its own runs against the
 * cluster, its Leases stay held until they expire) and a fresh replica takes its place.
 */
public enum CrashPoint {
    /** Intents written to status.provisioning[], VPSie not asked yet. */
    STATUS_WRITTEN,
    /** Died while asking VPSie: the add was never carried out. */
    VPSIE_CALLED,
    /** VPSie added the worker; the answer never reached status. */
    RESPONSE_LOST,
    /** A node was cordoned for a drain. */
    CORDONED,
    /** Some of the node's pods were evicted. */
    HALF_EVICTED,
    /** The VPSie worker was removed; the Node object still exists. */
    VPSIE_REMOVED,
    /** The Node object was deleted; status still lists the drain. */
    NODE_DELETED
}
