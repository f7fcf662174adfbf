package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Room a group keeps warm for pods that have not come yet ({@code spec.headroom}): {@code replicas}
 * pods of {@code requests} must always fit on the group's Ready or provisioning nodes. The planner
 * treats them as pending pods that only the group's nodes may take (any taint tolerated), so a burst
 * lands on nodes that are already there; a node they need is never removed. Nothing is created in
 * Kubernetes: they live in the plan only, in their own namespace.
 */
public record Headroom(int replicas, Resources requests) {
    /** The namespace of the virtual pods: not one Kubernetes allows, so never a real pod's. */
    public static final String NAMESPACE = "(headroom)";

    public Headroom {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas: expected 0 or more, got " + replicas);
        }
    }

    public static boolean isVirtual(Pod p) {
        return NAMESPACE.equals(p.namespace());
    }

    /** The group's virtual pods, named {@code <group>-<shape>-<i>}. */
    static List<Pod> pods(GroupTemplate g) {
        List<Pod> out = new ArrayList<>();
        for (int s = 0; s < g.headroom().size(); s++) {
            Headroom h = g.headroom().get(s);
            for (int i = 0; i < h.replicas(); i++) {
                out.add(Pod.pending(NAMESPACE, g.name() + "-" + s + "-" + i, h.requests())
                        .withPlacementRules(Map.of(Node.GROUP_LABEL, g.name()), NodeAffinity.ANY, List.of(new Toleration(null, "Exists", null, null)))
                        .withOwner("ReplicaSet", false));
            }
        }
        return out;
    }

    String describe() {
        return replicas + " pod(s) of " + Quantity.formatMilliCpu(requests.milliCpu()) + " CPU / " + Quantity.formatBytes(requests.memoryBytes());
    }

    /** Where a group's headroom lands: on nodes that are there, on nodes this plan adds, or nowhere (and why). */
    static String whereItLands(GroupTemplate g, PlannedCluster sim, List<PodBatch> remaining, Map<Pod.Shape, Map<String, Rejection>> refusals) {
        int ready = 0;
        int provisioning = 0;
        int fresh = 0;
        for (PlannedNode n : sim.nodes()) {
            int here = (int) n.pods().stream().filter(p -> ofGroup(p, g)).count();
            switch (n.kind()) {
                case EXISTING -> ready += here;
                case PROVISIONING -> provisioning += here;
                case NEW -> fresh += here;
            }
        }
        StringJoiner shapes = new StringJoiner(" + ");
        g.headroom().forEach(h -> shapes.add(h.describe()));
        StringBuilder why = new StringBuilder("headroom of ").append(shapes).append(": ").append(ready).append(" on Ready node(s), ")
                .append(provisioning).append(" on provisioning node(s), ").append(fresh).append(" on the new node(s) of this plan");
        for (PodBatch b : remaining) {
            if (ofGroup(b.first(), g)) {
                Rejection r = refusals.getOrDefault(b.shape(), Map.of()).get(g.name());
                why.append("; ").append(b.pods().size()).append(" fit nowhere").append(r == null ? "" : " (" + r.message() + ")");
            }
        }
        return why.toString();
    }

    private static boolean ofGroup(Pod p, GroupTemplate g) {
        return isVirtual(p) && g.name().equals(p.nodeSelector().get(Node.GROUP_LABEL));
    }
}
