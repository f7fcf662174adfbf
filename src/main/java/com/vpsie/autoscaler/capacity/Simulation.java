package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster as the planner changes it in its head: nodes with their pods and free room, and the
 * per-domain pod counts that pod anti-affinity and topology spreading are judged by (the state
 * kube-scheduler's PreFilter computes). Counts are kept up to date as pods are placed or taken
 * away, so checking a pod costs little more than the predicates themselves.
 *
 * <p>{@link #fork()} shares node objects with its parent: a fork may change only nodes it added.
 */
final class Simulation {
    /** Pods selected by one selector in some namespaces, counted per value of one topology key. */
    record CounterKey(LabelSelector selector, Set<String> namespaces, String topologyKey) {
        boolean counts(Pod p) {
            return namespaces.contains(p.namespace()) && selector.matches(p.labels());
        }
    }

    /** Pods holding one anti-affinity term, counted per domain of the term's key (for the symmetric check). */
    record HolderKey(AffinityTerm term, String holderNamespace) {
    }

    /** The domains a pod with these placement rules spreads over, for one topology key. */
    private record DomainsKey(Map<String, String> nodeSelector, NodeAffinity affinity, List<String> spreadKeys, String topologyKey) {
    }

    private final Map<DomainsKey, Set<String>> domains = new HashMap<>();
    private final List<SimNode> nodes;
    private final Map<String, SimNode> byName;
    private final Map<CounterKey, Map<String, Integer>> counters;
    private final Map<HolderKey, Map<String, Integer>> holders;

    Simulation() {
        this(new ArrayList<>(), new HashMap<>(), new HashMap<>(), new LinkedHashMap<>());
    }

    private Simulation(List<SimNode> nodes, Map<String, SimNode> byName, Map<CounterKey, Map<String, Integer>> counters,
                       Map<HolderKey, Map<String, Integer>> holders) {
        this.nodes = nodes;
        this.byName = byName;
        this.counters = counters;
        this.holders = holders;
    }

    Simulation fork() {
        Map<CounterKey, Map<String, Integer>> c = new HashMap<>();
        counters.forEach((k, v) -> c.put(k, new HashMap<>(v)));
        Map<HolderKey, Map<String, Integer>> h = new LinkedHashMap<>();
        holders.forEach((k, v) -> h.put(k, new HashMap<>(v)));
        return new Simulation(new ArrayList<>(nodes), new HashMap<>(byName), c, h);
    }

    List<SimNode> nodes() {
        return nodes;
    }

    SimNode node(String name) {
        return byName.get(name);
    }

    SimNode add(Node node, SimNode.Kind kind, Resources free) {
        SimNode n = new SimNode(node, kind, free);
        nodes.add(n);
        byName.put(node.name(), n);
        domains.forEach((k, set) -> {
            if (eligible(k, node)) {
                set.add(node.domain(k.topologyKey()));
            }
        });
        return n;
    }

    /** Takes a node out: its pods stop counting, and it is no longer a domain or a place for pods. */
    void remove(SimNode n) {
        for (Pod p : List.copyOf(n.pods)) {
            unplace(p, n);
        }
        n.removed = true;
        nodes.remove(n);
        byName.remove(n.name());
        domains.clear();
    }

    /** Records an already running pod on its node (no room check: it is there). */
    void seed(Pod p, SimNode n) {
        put(p, n);
    }

    /** Puts a pod this plan decided on onto a node. */
    void place(Pod p, SimNode n) {
        put(p, n);
        n.placed++;
    }

    void unplace(Pod p, SimNode n) {
        n.pods.remove(p);
        n.free = n.free.plus(p.footprint());
        n.ports.removeAll(p.hostPorts());
        count(p, n, -1);
    }

    private void put(Pod p, SimNode n) {
        n.pods.add(p);
        n.free = n.free.minus(p.footprint());
        n.ports.addAll(p.hostPorts());
        count(p, n, 1);
    }

    private void count(Pod p, SimNode n, int delta) {
        for (Map.Entry<CounterKey, Map<String, Integer>> e : counters.entrySet()) {
            if (e.getKey().counts(p)) {
                String d = n.node.domain(e.getKey().topologyKey());
                if (d != null) {
                    e.getValue().merge(d, delta, Simulation::sumOrGone);
                }
            }
        }
        for (AffinityTerm t : p.antiAffinity()) {
            String d = n.node.domain(t.topologyKey());
            if (d != null) {
                holders.computeIfAbsent(new HolderKey(t, p.namespace()), k -> new HashMap<>()).merge(d, delta, Simulation::sumOrGone);
            }
        }
    }

    /** Keeps only non-zero counts, so a map's size is the number of domains holding matching pods. */
    private static Integer sumOrGone(Integer a, Integer b) {
        int sum = a + b;
        return sum == 0 ? null : sum;
    }

    /** Matching pods per domain (absent: none); built from every node on first use, then kept current by place/unplace. */
    Map<String, Integer> counts(CounterKey key) {
        Map<String, Integer> c = counters.get(key);
        if (c == null) {
            c = new HashMap<>();
            for (SimNode n : nodes) {
                String d = n.node.domain(key.topologyKey());
                if (d == null) {
                    continue;
                }
                for (Pod p : n.pods) {
                    if (key.counts(p)) {
                        c.merge(d, 1, Integer::sum);
                    }
                }
            }
            counters.put(key, c);
        }
        return c;
    }

    Map<HolderKey, Map<String, Integer>> holders() {
        return holders;
    }

    /**
     * What a pod's checks need from the whole cluster, computed once per pod rather than once per
     * node: for each spread constraint the global minimum over eligible domains, and the
     * anti-affinity terms of other pods that select this pod.
     */
    PodCycle prepare(Pod pod) {
        List<HolderKey> against = List.of();
        for (HolderKey h : holders.keySet()) {
            if (h.term().selects(pod, h.holderNamespace())) {
                if (against.isEmpty()) {
                    against = new ArrayList<>();
                }
                against.add(h);
            }
        }
        int[] minimums = new int[pod.spread().size()];
        for (int i = 0; i < minimums.length; i++) {
            SpreadConstraint c = pod.spread().get(i);
            Map<String, Integer> counts = counts(spreadKey(pod, c));
            Set<String> eligible = domains.computeIfAbsent(new DomainsKey(pod.nodeSelector(), pod.nodeAffinity(),
                    pod.spread().stream().map(SpreadConstraint::topologyKey).toList(), c.topologyKey()), this::collectDomains);
            int min;
            if (eligible.isEmpty() || eligible.size() < c.minDomains() || counts.size() < eligible.size()) {
                // Fewer eligible domains than minDomains counts as a global minimum of 0; so does
                // any eligible domain without matching pods (fewer counted domains than eligible ones).
                min = 0;
            } else {
                min = Integer.MAX_VALUE;
                for (String d : eligible) {
                    min = Math.min(min, counts.getOrDefault(d, 0));
                }
            }
            minimums[i] = min;
        }
        return new PodCycle(this, against, minimums);
    }

    static CounterKey spreadKey(Pod pod, SpreadConstraint c) {
        return new CounterKey(c.selector(), Set.of(pod.namespace()), c.topologyKey());
    }

    static CounterKey antiAffinityKey(Pod pod, AffinityTerm t) {
        return new CounterKey(t.selector(), t.namespaces().isEmpty() ? Set.of(pod.namespace()) : t.namespaces(), t.topologyKey());
    }

    private Set<String> collectDomains(DomainsKey k) {
        Set<String> out = new HashSet<>();
        for (SimNode n : nodes) {
            if (!n.removed && eligible(k, n.node)) {
                out.add(n.node.domain(k.topologyKey()));
            }
        }
        return out;
    }

    /**
     * Nodes whose domains count for a pod's spreading, as kube-scheduler's defaults have it
     * (nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore): they pass the pod's node selector and
     * required affinity, and carry every topology key the pod spreads on.
     */
    private static boolean eligible(DomainsKey k, Node node) {
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

    /** Per-pod state for one round of checks; see {@link Simulation#prepare(Pod)}. */
    record PodCycle(Simulation sim, List<HolderKey> antiAffinityAgainst, int[] spreadMinimums) {
    }
}
