package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A node during planning: one that exists, one already provisioning, or one this plan would add.
 * Only {@link PlannedCluster} changes it, so the per-domain counts it keeps never drift from what
 * is on the nodes.
 */
final class PlannedNode {
    enum Kind { EXISTING, PROVISIONING, NEW }

    private final Node node;
    private final Kind kind;
    private Resources free;
    private final ArrayList<Pod> pods = new ArrayList<>();
    /** Host ports taken; most pods take none, and a plan makes thousands of nodes, so it starts empty and shared. */
    private List<HostPort> ports = List.of();
    /**
     * Pods this plan put here (as opposed to pods already running or nominated); made on the first
     * one. A list, not an identity set: estimates fill thousands of nodes and rarely take a pod off.
     */
    private ArrayList<Pod> planned;
    /** How many pods here spread and are not bound: only those are judged again once a plan is whole, and most nodes have none. */
    private int unboundSpreading;

    PlannedNode(Node node, Kind kind, Resources free) {
        this.node = node;
        this.kind = kind;
        this.free = free;
    }

    Node node() {
        return node;
    }

    Kind kind() {
        return kind;
    }

    String name() {
        return node.name();
    }

    String group() {
        return node.nodeGroup();
    }

    Resources free() {
        return free;
    }

    List<Pod> pods() {
        return Collections.unmodifiableList(pods);
    }

    List<HostPort> ports() {
        return Collections.unmodifiableList(ports);
    }

    boolean hasUnboundSpreading() {
        return unboundSpreading > 0;
    }

    private static int unboundSpreading(Pod p) {
        return !p.spread().isEmpty() && !p.occupiesNode() ? 1 : 0;
    }

    /** How many pods this plan put here: a new node with none is not worth asking for. */
    int plannedPods() {
        return planned == null ? 0 : planned.size();
    }

    /** Existing nodes take pods when Ready and not cordoned; provisioning and planned nodes are taken to join Ready. */
    boolean acceptsPods() {
        return kind != Kind.EXISTING || node.acceptsPods();
    }

    void put(Pod p, boolean byPlan) {
        pods.add(p);
        unboundSpreading += unboundSpreading(p);
        free = free.minusPod(p.requests());
        takePorts(p);
        if (byPlan) {
            plannedList().add(p);
        }
    }

    private void takePorts(Pod p) {
        if (!p.hostPorts().isEmpty()) {
            if (ports.isEmpty()) {
                ports = new ArrayList<>();
            }
            ports.addAll(p.hostPorts());
        }
    }

    private ArrayList<Pod> plannedList() {
        if (planned == null) {
            planned = new ArrayList<>();
        }
        return planned;
    }

    /** {@code pods[from, to)}, of one shape, placed by the plan, as {@link #put} would one by one; the room is taken in one step. */
    void putAll(List<Pod> same, int from, int to) {
        Pod first = same.get(from);
        int k = to - from;
        free = free.minusPods(first.requests(), k);
        ArrayList<Pod> mine = plannedList();
        pods.ensureCapacity(pods.size() + k);
        mine.ensureCapacity(mine.size() + k);
        for (int i = from; i < to; i++) {
            Pod p = same.get(i);
            pods.add(p);
            mine.add(p);
        }
        if (!first.spread().isEmpty()) {
            for (int i = from; i < to; i++) {
                unboundSpreading += unboundSpreading(same.get(i));
            }
        }
        if (!first.hostPorts().isEmpty()) {
            for (int i = from; i < to; i++) {
                takePorts(same.get(i));
            }
        }
    }

    /** @return whether the plan had put it here */
    boolean take(Pod p) {
        if (pods.remove(p)) {
            unboundSpreading -= unboundSpreading(p);
        }
        free = free.plusPod(p.requests());
        if (!p.hostPorts().isEmpty()) {
            p.hostPorts().forEach(ports::remove);
        }
        for (int i = plannedPods() - 1; i >= 0; i--) {
            if (planned.get(i) == p) {
                planned.remove(i);
                return true;
            }
        }
        return false;
    }
}
