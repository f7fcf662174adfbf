package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology domains a spreading pod spreads over, per constraint, for one planned cluster:
 * built from its nodes on first use and kept current as nodes join; forgotten when a node goes.
 */
final class SpreadDomains {
    /** The domains a pod with these placement rules spreads over, for one topology key. */
    private record Key(Map<String, String> nodeSelector, NodeAffinity affinity, List<String> spreadKeys, String topologyKey) {
    }

    private final Map<Key, Set<String>> sets = new HashMap<>();
    /** The last spreading pod's sets: a batch asks the same again for each of its pods. */
    private Pod last;
    private List<Set<String>> lastSets;

    /** Per spread constraint of the pod, the domains of the eligible nodes among {@code nodes}. */
    List<Set<String>> of(Pod pod, List<PlannedNode> nodes) {
        if (last != null && last.spread().equals(pod.spread()) && last.nodeSelector().equals(pod.nodeSelector())
                && last.nodeAffinity().equals(pod.nodeAffinity())) {
            return lastSets;
        }
        List<String> keys = pod.spread().stream().map(SpreadConstraint::topologyKey).toList();
        List<Set<String>> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            out.add(sets.computeIfAbsent(new Key(pod.nodeSelector(), pod.nodeAffinity(), keys, key), k -> collect(k, nodes)));
        }
        last = pod;
        lastSets = out;
        return out;
    }

    /** A node joined the planned cluster: its domain counts wherever it is eligible. */
    void added(Node node) {
        if (sets.isEmpty()) {
            return;
        }
        for (Map.Entry<Key, Set<String>> e : sets.entrySet()) {
            if (eligible(e.getKey(), node)) {
                e.getValue().add(node.domain(e.getKey().topologyKey()));
            }
        }
    }

    /** The same sets, for a fork of the planned cluster: copying one is cheaper than judging every node again. */
    SpreadDomains copy() {
        SpreadDomains c = new SpreadDomains();
        sets.forEach((k, set) -> c.sets.put(k, new HashSet<>(set)));
        return c;
    }

    /** A node went: every set is built again on its next use. */
    void clear() {
        sets.clear();
        last = null;
        lastSets = null;
    }

    private static Set<String> collect(Key k, List<PlannedNode> nodes) {
        Set<String> out = new HashSet<>();
        for (PlannedNode n : nodes) {
            if (eligible(k, n.node())) {
                out.add(n.node().domain(k.topologyKey()));
            }
        }
        return out;
    }

    /**
     * Nodes whose domains count for a pod's spreading, as kube-scheduler's defaults have it
     * (nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore): they pass the pod's node selector and
     * required affinity, and carry every topology key the pod spreads on.
     */
    private static boolean eligible(Key k, Node node) {
        if (FitPredicate.NodeSelectorMatches.firstMismatch(k.nodeSelector(), node.labels()) != null || !k.affinity().matches(node.labels())) {
            return false;
        }
        for (String key : k.spreadKeys()) {
            if (node.domain(key) == null) {
                return false;
            }
        }
        return true;
    }
}
