package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.port.ClusterPort;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated cluster's NodeGroup resources as an API server keeps them: each write bumps its
 * resourceVersion, and a write from an older one is a conflict. Not thread-safe: {@link SandboxWorld}
 * holds it under its own lock.
 */
final class SandboxNodeGroups {
    private final Map<String, NodeGroup> groups = new LinkedHashMap<>();
    private long resourceVersion = 1000;

    void load(List<NodeGroup> loaded) {
        groups.clear();
        loaded.forEach(g -> groups.put(g.name(), g.withStatus(g.status(), next())));
    }

    Collection<NodeGroup> all() {
        return groups.values();
    }

    NodeGroup get(String name) {
        return groups.get(name);
    }

    NodeGroup writeStatus(NodeGroup g, NodeGroup.Status status) {
        NodeGroup updated = current(g).withStatus(status, next());
        groups.put(g.name(), updated);
        return updated;
    }

    NodeGroup writeSpec(NodeGroup g, NodeGroup.Spec spec) {
        NodeGroup updated = new NodeGroup(g.name(), g.namespace(), next(), spec, current(g).status());
        groups.put(g.name(), updated);
        return updated;
    }

    /** False when a group of that name exists. */
    boolean create(NodeGroup g) {
        return groups.putIfAbsent(g.name(), new NodeGroup(g.name(), g.namespace(), next(), g.spec(), NodeGroup.Status.EMPTY)) == null;
    }

    void delete(String name) {
        groups.remove(name);
    }

    /** The stored group {@code g} was read from; a conflict when it changed since, or is gone. */
    private NodeGroup current(NodeGroup g) {
        NodeGroup stored = groups.get(g.name());
        if (stored == null || !stored.resourceVersion().equals(g.resourceVersion())) {
            throw new ClusterPort.StatusConflict(g.name());
        }
        return stored;
    }

    private String next() {
        return Long.toString(++resourceVersion);
    }
}
