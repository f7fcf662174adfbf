package com.vpsie.autoscaler.capacity;

/** An underused node that may not be removed, and why. */
public record BlockedNode(String node, Blocker blocker) {
}
