package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * Topology spreading is judged against every domain the scheduler will see, and a plan adds
 * domains as it goes: a pod placed early, when the global minimum was higher, may break its
 * maxSkew once later nodes (empty domains) join. kube-scheduler would place such a pod elsewhere.
 * This re-checks every planned pod with spread constraints against the whole planned cluster,
 * moves the ones that no longer fit to a node where they do, and returns those that fit nowhere.
 */
final class SpreadSettler {
    private static final int MAX_ROUNDS = 10;

    private SpreadSettler() {
    }

    static List<Pod> settle(PlannedCluster cluster) {
        List<Pod> homeless = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Pod> misplaced = new ArrayList<>();
            for (PlannedNode n : List.copyOf(cluster.nodes())) {
                for (Pod p : List.copyOf(n.pods())) {
                    if (p.occupiesNode() || p.spread().isEmpty()) {
                        continue;
                    }
                    // Judged as if it were not there yet: its own count must not hold its place.
                    PlannedCluster.Checkpoint trial = cluster.checkpoint();
                    cluster.unplace(p, n);
                    if (FitPredicate.admitsAll(p, n, cluster.prepare(p), FitPredicate.DYNAMIC)) {
                        cluster.rollback(trial);
                    } else {
                        cluster.commit(trial);
                        misplaced.add(p);
                    }
                }
            }
            if (misplaced.isEmpty()) {
                break;
            }
            for (Pod p : misplaced) {
                int at = cluster.firstFit(p, cluster.nodes(), 0, cluster.prepare(p), null,
                        FitPredicate.READINESS, FitPredicate.STATIC, FitPredicate.DYNAMIC);
                if (at < 0) {
                    homeless.add(p);
                } else {
                    cluster.place(p, cluster.nodes().get(at));
                }
            }
        }
        return homeless;
    }
}
