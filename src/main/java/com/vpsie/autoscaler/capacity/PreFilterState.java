package com.vpsie.autoscaler.capacity;

import java.util.List;

/**
 * What one pod's checks need from the whole planned cluster, computed once per pod rather than
 * once per node (kube-scheduler's PreFilter state): the anti-affinity terms of placed pods that
 * select it, and per spread constraint the global minimum over eligible domains.
 */
record PreFilterState(PlannedCluster cluster, List<PlannedCluster.HolderKey> antiAffinityAgainst, int[] spreadMinimums) {
}
