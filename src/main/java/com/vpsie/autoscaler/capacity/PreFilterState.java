package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;

/**
 * What one pod's checks need from the whole planned cluster, computed once per pod rather than
 * once per node (kube-scheduler's PreFilter state): the anti-affinity terms of placed pods that
 * select it, and per spread constraint the global minimum over eligible domains. The per-domain
 * counts each check reads are looked up here once too ({@code antiAffinityCounts} per term of the
 * pod's own, {@code holderCounts} per entry of {@code antiAffinityAgainst}, {@code spreadCounts}
 * per constraint): they are the planned cluster's live maps, so they stay current as pods are
 * placed.
 */
record PreFilterState(PlannedCluster cluster, List<PlannedCluster.HolderKey> antiAffinityAgainst, int[] spreadMinimums,
                      List<Map<String, Integer>> antiAffinityCounts, List<Map<String, Integer>> holderCounts,
                      List<Map<String, Integer>> spreadCounts, boolean[] spreadSelf) {
}
