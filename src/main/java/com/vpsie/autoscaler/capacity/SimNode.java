package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.List;

/** A node during planning: one that exists, one already provisioning, or one this plan would add. */
final class SimNode {
    enum Kind { EXISTING, PROVISIONING, NEW }

    final Node node;
    final Kind kind;
    Resources free;
    final List<Pod> pods = new ArrayList<>();
    final List<HostPort> ports = new ArrayList<>();
    /** Pods this plan put here (as opposed to pods already running). */
    int placed;
    boolean removed;

    SimNode(Node node, Kind kind, Resources free) {
        this.node = node;
        this.kind = kind;
        this.free = free;
    }

    String name() {
        return node.name();
    }

    /** Existing nodes take pods when Ready and not cordoned; provisioning and planned nodes are taken to join Ready. */
    boolean acceptsPods() {
        return kind != Kind.EXISTING || node.acceptsPods();
    }

    String group() {
        return node.nodeGroup();
    }
}
