package com.vpsie.autoscaler.capacity;

import java.time.Instant;

/**
 * A node that could be removed now if time were not a factor: how busy it is, since when it has
 * been unneeded, and from when the group's timers let it go.
 */
public record ScaleDownCandidate(String node, double utilization, Instant unneededSince, Instant removableAt) {
}
