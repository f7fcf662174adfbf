package com.vpsie.autoscaler.capacity;

/** A node being filled during planning: an existing one, one already provisioning, or a new one. */
final class OpenNode {
    final Node node;
    final String group;
    /** Planned in this plan, as opposed to existing or already provisioning. */
    final boolean fresh;
    Resources free;
    int podsPlaced;

    OpenNode(Node node, String group, boolean fresh, Resources free) {
        this.node = node;
        this.group = group;
        this.fresh = fresh;
        this.free = free;
    }

    void place(Pod pod) {
        free = free.minus(pod.requests()).minus(Resources.of(0, 0, 1));
        podsPlaced++;
    }
}
