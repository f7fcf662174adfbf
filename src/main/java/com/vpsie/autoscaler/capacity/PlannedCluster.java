package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The cluster as the planner changes it in its head: nodes with their pods and free room, and the
 * per-domain pod counts that pod anti-affinity and topology spreading are judged by (the state
 * kube-scheduler's PreFilter computes). Counts are kept up to date as pods are placed or taken
 * away, so checking a pod costs little more than the predicates themselves.
 *
 * <p>{@link #fork()} shares node objects with its parent: a fork may change only nodes it added.
 * {@link #checkpoint()} and {@link #rollback(Checkpoint)} undo a trial (a node taken out and its
 * pods moved) exactly, instead of each caller putting things back by hand.
 */
final class PlannedCluster {
    /** Pods selected by one selector in some namespaces, counted per value of one topology key. */
    record CounterKey(LabelSelector selector, Set<String> namespaces, String topologyKey) {
        boolean counts(Pod p) {
            return namespaces.contains(p.namespace()) && selector.matches(p.labels());
        }
    }

    /** Pods holding one anti-affinity term, counted per domain of the term's key (for the symmetric check). */
    record HolderKey(AffinityTerm term, String holderNamespace) {
    }

    /** Which pods of a snapshot start on its nodes. */
    enum Seating {
        /** Pods bound to a node. */
        BOUND,
        /** Bound pods, and pending pods on the node the scheduler nominated them for (room it keeps for them). */
        BOUND_AND_NOMINATED
    }

    /** A mark in the journal; see {@link #checkpoint()}. */
    record Checkpoint(int mark) {
    }

    private final SpreadDomains domains;
    private final List<PlannedNode> nodes;
    /** Built on the first lookup: an estimate's fork adds hundreds of nodes and never looks one up by name. */
    private Map<String, PlannedNode> byName;
    private final Map<CounterKey, Map<String, Integer>> counters;
    private final Map<HolderKey, Map<String, Integer>> holders;
    /** Undo steps since the oldest open checkpoint; empty (and not written) when none is open. */
    private final List<Runnable> journal = new ArrayList<>();
    private int openCheckpoints;

    PlannedCluster() {
        this(new ArrayList<>(), new HashMap<>(), new HashMap<>(), new LinkedHashMap<>(), new SpreadDomains());
    }

    private PlannedCluster(List<PlannedNode> nodes, Map<String, PlannedNode> byName, Map<CounterKey, Map<String, Integer>> counters,
                           Map<HolderKey, Map<String, Integer>> holders, SpreadDomains domains) {
        this.domains = domains;
        this.nodes = nodes;
        this.byName = byName;
        this.counters = counters;
        this.holders = holders;
    }

    /** The snapshot's nodes (by name) with their pods (by key): the one place a planned cluster is built from what runs. */
    static PlannedCluster of(List<Node> nodes, List<Pod> pods, Seating seating) {
        PlannedCluster c = new PlannedCluster();
        for (Node n : nodes.stream().sorted(Comparator.comparing(Node::name)).toList()) {
            c.add(n, PlannedNode.Kind.EXISTING, n.allocatable());
        }
        record Seat(Pod pod, PlannedNode node) {
        }
        List<Seat> seats = new ArrayList<>();
        for (Pod p : pods) {
            PlannedNode n = c.seatOf(p, seating);
            if (n != null) {
                seats.add(new Seat(p, n));
            }
        }
        // Seated in key order, each pod's node looked up once (by name: the planner's costliest step here).
        seats.sort((a, b) -> Pod.BY_KEY.compare(a.pod(), b.pod()));
        for (Seat s : seats) {
            c.seed(s.pod(), s.node());
        }
        return c;
    }

    /** The node a pod of the snapshot starts on, or null. */
    private PlannedNode seatOf(Pod p, Seating seating) {
        String where = p.occupiesNode() ? p.nodeName()
                : seating == Seating.BOUND_AND_NOMINATED && p.phase() == PodPhase.PENDING ? p.nominatedNodeName() : "";
        return where == null || where.isEmpty() ? null : node(where);
    }

        /** The snapshot's running pods on its nodes, and the pending pods (and headroom) a plan expects on them: what removals are tried on. */
    static PlannedCluster withLanding(ClusterSnapshot snapshot, Map<Pod, String> landing) {
        PlannedCluster c = of(snapshot.nodes(), snapshot.pods(), Seating.BOUND);
        Pod.sortedByKey(landing.keySet()).forEach(p -> c.seed(p, c.node(landing.get(p))));
        return c;
    }

    PlannedCluster fork() {
        if (openCheckpoints > 0) {
            throw new IllegalStateException("a planned cluster is forked only outside a trial");
        }
        Map<CounterKey, Map<String, Integer>> c = new HashMap<>();
        counters.forEach((k, v) -> c.put(k, new HashMap<>(v)));
        Map<HolderKey, Map<String, Integer>> h = new LinkedHashMap<>();
        holders.forEach((k, v) -> h.put(k, new HashMap<>(v)));
        return new PlannedCluster(new ArrayList<>(nodes), null, c, h, domains.copy());
    }

    List<PlannedNode> nodes() {
        return nodes;
    }

    PlannedNode node(String name) {
        if (byName == null) {
            byName = new HashMap<>();
            nodes.forEach(n -> byName.put(n.name(), n));
        }
        return byName.get(name);
    }

    PlannedNode add(Node node, PlannedNode.Kind kind, Resources free) {
        PlannedNode n = new PlannedNode(node, kind, free);
        nodes.add(n);
        index(n);
        domains.added(node);
        if (inTrial()) {
            journal.add(() -> {
                nodes.remove(n);
                unindex(n);
                domains.clear();
            });
        }
        return n;
    }

    /** A node of the group as it would join: its DaemonSet pods start on it first. */
    PlannedNode addGroupNode(GroupTemplate group, String name, PlannedNode.Kind kind, List<Pod> daemonPods) {
        PlannedNode n = add(group.newNode(name), kind, group.allocatable());
        for (Pod ds : daemonPods) {
            seed(ds.boundTo(name, PodPhase.RUNNING), n);
        }
        return n;
    }

    /** Takes a node out: its pods stop counting, and it is no longer a domain or a place for pods. */
    void remove(PlannedNode n) {
        for (Pod p : List.copyOf(n.pods())) {
            unplace(p, n);
        }
        int at = nodes.indexOf(n);
        nodes.remove(at);
        unindex(n);
        domains.clear();
        if (inTrial()) {
            journal.add(() -> {
                nodes.add(at, n);
                index(n);
                domains.clear();
            });
        }
    }

    private void index(PlannedNode n) {
        if (byName != null) {
            byName.put(n.name(), n);
        }
    }

    private void unindex(PlannedNode n) {
        if (byName != null) {
            byName.remove(n.name());
        }
    }

    /** Records an already running pod on its node (no room check: it is there). */
    void seed(Pod p, PlannedNode n) {
        put(p, n, false);
    }

    /** Puts a pod this plan decided on onto a node. */
    void place(Pod p, PlannedNode n) {
        put(p, n, true);
    }

    /**
     * Puts {@code pods[from, to)}, of one shape (the same namespace, labels and rules), that this
     * plan decided on onto a node, as {@link #place} would one by one: the counts that select them
     * move once, by their number.
     */
    void placeAll(List<Pod> pods, int from, int to, PlannedNode n) {
        if (inTrial()) {
            for (int i = from; i < to; i++) {
                place(pods.get(i), n);
            }
            return;
        }
        n.putAll(pods, from, to);
        count(pods.get(from), n, to - from);
    }

    /** Takes a pod off its node; its counts go with it. */
    void unplace(Pod p, PlannedNode n) {
        boolean byPlan = n.take(p);
        count(p, n, -1);
        if (inTrial()) {
            journal.add(() -> {
                n.put(p, byPlan);
                count(p, n, 1);
            });
        }
    }

    private void put(Pod p, PlannedNode n, boolean byPlan) {
        n.put(p, byPlan);
        count(p, n, 1);
        if (inTrial()) {
            journal.add(() -> {
                n.take(p);
                count(p, n, -1);
            });
        }
    }

    /**
     * Starts a trial: every change from here can be undone by {@link #rollback(Checkpoint)}, or kept
     * by {@link #commit(Checkpoint)}. Trials nest.
     */
    Checkpoint checkpoint() {
        openCheckpoints++;
        return new Checkpoint(journal.size());
    }

    /** Undoes every change since the checkpoint, newest first, and closes it. */
    void rollback(Checkpoint c) {
        while (journal.size() > c.mark()) {
            journal.remove(journal.size() - 1).run();
        }
        close();
    }

    /** Keeps the trial's changes and closes it. */
    void commit(Checkpoint c) {
        close();
    }

    private void close() {
        if (--openCheckpoints == 0) {
            journal.clear();
        }
    }

    /** Whether a trial is open: only then is an undo step kept (and made: this is the planner's hot path). */
    private boolean inTrial() {
        return openCheckpoints > 0;
    }

    /**
     * First fit: the first of {@code candidates}, from index {@code from}, that every rule of
     * {@code rules} admits for the pod; -1 when none does. With a {@code refused} listener each
     * refusing node's reason is worded and passed on (the slower path, for explanations); without
     * one the rules only answer yes or no.
     */
    int firstFit(Pod pod, List<PlannedNode> candidates, int from, PreFilterState state, Consumer<Rejection> refused,
                 FitPredicate[]... rules) {
        return firstFit(pod, candidates, from, null, state, refused, rules);
    }

    /** As above, never choosing {@code except} (a node taken out for a trial, still in a list made before). */
    int firstFit(Pod pod, List<PlannedNode> candidates, int from, PlannedNode except, PreFilterState state, Consumer<Rejection> refused,
                 FitPredicate[]... rules) {
        for (int i = from; i < candidates.size(); i++) {
            PlannedNode n = candidates.get(i);
            if (n == except) {
                continue;
            }
            if (refused == null ? FitPredicate.admitsAll(pod, n, state, rules) : noteRejection(pod, n, state, refused, rules)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean noteRejection(Pod pod, PlannedNode n, PreFilterState state, Consumer<Rejection> refused, FitPredicate[]... rules) {
        Rejection r = FitPredicate.firstRejection(pod, n, state, rules);
        if (r != null) {
            refused.accept(r);
        }
        return r == null;
    }

    private void count(Pod p, PlannedNode n, int delta) {
        for (Map.Entry<CounterKey, Map<String, Integer>> e : counters.entrySet()) {
            if (e.getKey().counts(p)) {
                String d = n.node().domain(e.getKey().topologyKey());
                if (d != null) {
                    e.getValue().merge(d, delta, PlannedCluster::sumOrGone);
                }
            }
        }
        List<AffinityTerm> terms = p.antiAffinity();
        for (int i = 0; i < terms.size(); i++) {  // indexed: an iterator per call is garbage on the planner's hottest path
            AffinityTerm t = terms.get(i);
            String d = n.node().domain(t.topologyKey());
            if (d != null) {
                holders.computeIfAbsent(new HolderKey(t, p.namespace()), k -> new HashMap<>()).merge(d, delta, PlannedCluster::sumOrGone);
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
            for (PlannedNode n : nodes) {
                String d = n.node().domain(key.topologyKey());
                if (d == null) {
                    continue;
                }
                for (Pod p : n.pods()) {
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
     * node (see {@link PreFilterState}).
     */
    PreFilterState prepare(Pod pod) {
        return PreFilterState.of(this, pod);
    }

    /**
     * As {@link #prepare(Pod)} for the pods of one batch in turn, given the state of the batch's
     * pod before: a pod without spreading gets that same state back while no placed pod has brought
     * a new anti-affinity term (terms are only ever added, and its counts are live maps).
     */
    PreFilterState prepare(Pod pod, PreFilterState before) {
        if (before != null && before.cluster() == this && pod.spread().isEmpty() && before.holderTerms() == holders.size()) {
            return before;
        }
        return prepare(pod);
    }

    /** Per spread constraint of the pod, the domains of the nodes eligible for it. */
    List<Set<String>> eligibleDomains(Pod pod) {
        return domains.of(pod, nodes);
    }
}
