package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.vpsie.VpsieWire;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated VPSie account's sizes and node groups: each group has one size, which a person may
 * change while its workers run (new workers get the new one). Not thread-safe: {@link SandboxWorld}
 * holds it under its own lock.
 */
final class SandboxGroups {
    private List<VpsieWire.Offer> sizes = List.of();
    private final Map<Long, VpsieWire.NodeGroup> groups = new LinkedHashMap<>();
    /** Groups created through the API since the last load. */
    private int made;

    void load(List<VpsieWire.Offer> offered, List<VpsieWire.NodeGroup> listed) {
        sizes = List.copyOf(offered);
        made = 0;
        groups.clear();
        listed.forEach(g -> groups.put(g.id(), g));
    }

    List<VpsieWire.Offer> sizes() {
        return sizes;
    }

    VpsieWire.NodeGroup get(long id) {
        return groups.get(id);
    }

    Collection<VpsieWire.NodeGroup> all() {
        return groups.values();
    }

    /** A new group of one size in {@code clusterId}; empty when the size is unknown. */
    Optional<VpsieWire.NodeGroup> create(String name, long sizeId, String clusterId) {
        long id = groups.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        Optional<VpsieWire.NodeGroup> g = sized(new VpsieWire.NodeGroup(id, name, "grp-" + id, sizeId, null, 0, 0, 0, 0, clusterId, 1), sizeId, clusterId);
        made += g.isPresent() ? 1 : 0;
        return g;
    }

    /** The group given another size; empty when the group or the size is unknown. */
    Optional<VpsieWire.NodeGroup> resize(long groupId, long sizeId, String clusterId) {
        return Optional.ofNullable(groups.get(groupId)).flatMap(g -> sized(g, sizeId, clusterId));
    }

    private Optional<VpsieWire.NodeGroup> sized(VpsieWire.NodeGroup g, long sizeId, String clusterId) {
        Optional<VpsieWire.Offer> size = sizes.stream().filter(o -> o.id() == sizeId).findFirst();
        size.ifPresent(o -> groups.put(g.id(), new VpsieWire.NodeGroup(g.id(), g.groupName(), g.identifier(), sizeId, g.dcIdentifier(),
                o.cpu(), o.ram(), o.disk(), g.nodesCount(), clusterId, 1)));
        return size.map(o -> groups.get(g.id()));
    }

    int made() {
        return made;
    }

    /** Forgets a group; false when there is none. */
    boolean delete(long groupId) {
        return groups.remove(groupId) != null;
    }

    /** The groups as VPSie lists them, {@code nodes_count} counting the workers made by {@code counted}. */
    List<VpsieWire.NodeGroup> listed(Collection<SandboxWorker> workers, java.time.Instant counted, String clusterId) {
        return groups.values().stream().map(g -> new VpsieWire.NodeGroup(g.id(), g.groupName(), g.identifier(), g.boxsizeId(),
                g.dcIdentifier(), cpuOf(g), ramOf(g), g.ssd(), (int) workers.stream()
                .filter(w -> w.groupId() == g.id() && !w.createdAt().isAfter(counted)).count(), clusterId, 1)).toList();
    }

    /** The machine a new worker of {@code g} gets: its size now; null for no group. */
    SandboxWorker.Machine machine(VpsieWire.NodeGroup g) {
        return g == null ? null : new SandboxWorker.Machine(cpuOf(g), ramOf(g));
    }

    int cpuOf(VpsieWire.NodeGroup g) {
        return g.cpu() > 0 ? g.cpu() : sizes.stream().filter(s -> s.id() == g.boxsizeId()).mapToInt(VpsieWire.Offer::cpu).findFirst().orElse(0);
    }

    long ramOf(VpsieWire.NodeGroup g) {
        return g.ram() > 0 ? g.ram() : sizes.stream().filter(s -> s.id() == g.boxsizeId()).mapToLong(VpsieWire.Offer::ram).findFirst().orElse(0);
    }
}
