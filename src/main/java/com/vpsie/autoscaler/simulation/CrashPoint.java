package com.vpsie.autoscaler.simulation;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Where a simulated replica dies: after each step of a scale-up, a scale-down or a consolidation that leaves
 * something half done. The replica stops at once (no finally of its own runs against the
 * cluster, its Leases stay held until they expire) and a fresh replica takes its place.
 */
@Serdeable
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
    NODE_DELETED,
    /** A consolidation was recorded in the replaced group's status; its new nodes not asked for yet. */
    REPLACEMENT_RECORDED,
    /** The new nodes are Ready and the consolidation's drain step is recorded; no node cordoned yet. */
    REPLACEMENT_DRAINING
}
