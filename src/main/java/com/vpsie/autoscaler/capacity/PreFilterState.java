package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one pod's checks need from the whole planned cluster, computed once per pod rather than
 * once per node (kube-scheduler's PreFilter state): the anti-affinity terms of placed pods that
 * select it, and per spread constraint the global minimum over eligible domains. The per-domain
 * counts each check reads are looked up here once too ({@code antiAffinityCounts} per term of the
 * pod's own, {@code holderCounts} per entry of {@code antiAffinityAgainst}, {@code spreadCounts}
 * per constraint): they are the planned cluster's live maps, so they stay current as pods are
 * placed. {@code holderTerms}: how many anti-affinity terms the cluster's placed pods held when it
 * was made (see {@link PlannedCluster#prepare(Pod, PreFilterState)}).
 */
record PreFilterState(PlannedCluster cluster, List<PlannedCluster.HolderKey> antiAffinityAgainst, int[] spreadMinimums,
                      List<Map<String, Integer>> antiAffinityCounts, List<Map<String, Integer>> holderCounts,
                      List<Map<String, Integer>> spreadCounts, boolean[] spreadSelf, int holderTerms) {

    static PreFilterState of(PlannedCluster cluster, Pod pod) {
        Map<PlannedCluster.HolderKey, Map<String, Integer>> holders = cluster.holders();
        List<PlannedCluster.HolderKey> against = List.of();
        for (PlannedCluster.HolderKey h : holders.keySet()) {
            if (h.term().selects(pod, h.holderNamespace())) {
                if (against.isEmpty()) {
                    against = new ArrayList<>();
                }
                against.add(h);
            }
        }
        int[] minimums = new int[pod.spread().size()];
        List<Map<String, Integer>> spreadCounts = new ArrayList<>(minimums.length);
        boolean[] self = new boolean[minimums.length];
        List<Set<String>> eligibleSets = minimums.length == 0 ? List.of() : cluster.eligibleDomains(pod);
        for (int i = 0; i < minimums.length; i++) {
            SpreadConstraint c = pod.spread().get(i);
            Map<String, Integer> counts = cluster.counts(spreadKey(pod, c));
            spreadCounts.add(counts);
            self[i] = c.selector().matches(pod.labels());
            Set<String> eligible = eligibleSets.get(i);
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
        List<Map<String, Integer>> antiCounts = new ArrayList<>(pod.antiAffinity().size());
        for (AffinityTerm t : pod.antiAffinity()) {
            antiCounts.add(cluster.counts(antiAffinityKey(pod, t)));
        }
        List<Map<String, Integer>> holderCounts = new ArrayList<>(against.size());
        for (PlannedCluster.HolderKey h : against) {
            holderCounts.add(holders.get(h));
        }
        return new PreFilterState(cluster, against, minimums, antiCounts, holderCounts, spreadCounts, self, holders.size());
    }

    static PlannedCluster.CounterKey spreadKey(Pod pod, SpreadConstraint c) {
        return new PlannedCluster.CounterKey(c.selector(), Set.of(pod.namespace()), c.topologyKey());
    }

    static PlannedCluster.CounterKey antiAffinityKey(Pod pod, AffinityTerm t) {
        return new PlannedCluster.CounterKey(t.selector(), t.namespaces().isEmpty() ? Set.of(pod.namespace()) : t.namespaces(), t.topologyKey());
    }
}
