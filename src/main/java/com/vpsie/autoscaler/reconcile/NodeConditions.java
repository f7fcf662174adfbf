package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Drift;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The conditions a group's status says of its nodes: {@code NodesUnhealthy} (how many are
 * NotReady) and {@code NodesDrifted} (which differ from a new node of the group, and how). Each is
 * True while it holds, and turns False once it no longer does; a group that never had one carries none.
 */
final class NodeConditions {
    static final String NODES_UNHEALTHY = "NodesUnhealthy";
    static final String NODES_DRIFTED = "NodesDrifted";
    /** How many drifted nodes the condition names before it only counts. */
    private static final int NAMED = 5;

    private NodeConditions() {
    }

    static NodeGroup.Status unhealthy(NodeGroup.Status s, int members, int ready, Instant now) {
        if (members > ready) {
            return s.withCondition(new NodeGroup.Condition(NODES_UNHEALTHY, "True", "NotReady", (members - ready) + " of " + members
                    + " node(s) NotReady (spec.repair replaces them after its time; GET /v1/explain/nodes/{name} says when)", now));
        }
        return cleared(s, NODES_UNHEALTHY, "AllReady", now);
    }

    static NodeGroup.Status drifted(NodeGroup.Status s, List<Drift> drifted, Instant now) {
        if (drifted.isEmpty()) {
            return cleared(s, NODES_DRIFTED, "Current", now);
        }
        String kinds = drifted.stream().flatMap(d -> d.differences().stream()).map(d -> d.kind().name()).distinct().sorted()
                .collect(Collectors.joining(","));
        String named = drifted.stream().limit(NAMED).map(d -> d.node() + " (" + d.says() + ")").collect(Collectors.joining("; "));
        return s.withCondition(new NodeGroup.Condition(NODES_DRIFTED, "True", "Drifted", drifted.size() + " node(s) drifted [" + kinds + "]: "
                + named + (drifted.size() > NAMED ? "; and " + (drifted.size() - NAMED) + " more" : ""), now));
    }

    private static NodeGroup.Status cleared(NodeGroup.Status s, String type, String reason, Instant now) {
        return s.condition(type).filter(NodeGroup.Condition::isTrue).isPresent()
                ? s.withCondition(new NodeGroup.Condition(type, "False", reason, null, now)) : s;
    }
}
