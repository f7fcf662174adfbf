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
            List<Pod> misplaced = takeOutMisplaced(cluster);
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
        // The rounds may end on moves nobody checked again (a move raises its new domain's count): what
        // still breaks its spread leaves the plan, until nothing does. Each pass removes a pod or ends.
        for (List<Pod> left = takeOutMisplaced(cluster); !left.isEmpty(); left = takeOutMisplaced(cluster)) {
            homeless.addAll(left);
        }
        return homeless;
    }

    /** Takes out of the plan every placed pod that spreads and no longer fits where it is, judged as if it were not there yet. */
    private static List<Pod> takeOutMisplaced(PlannedCluster cluster) {
        List<Pod> misplaced = new ArrayList<>();
        for (PlannedNode n : List.copyOf(cluster.nodes())) {
            for (Pod p : placedWithSpread(n)) {
                // Its own count must not hold its place.
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
        return misplaced;
    }

    /**
     * The pods on a node that the plan placed (not bound there) and that spread, in the node's
     * order. Most nodes have none, so the node's pods are not copied to find them (with a
     * cluster's worth of running pods, 27,000 in make bench-dump, the copies were most of this
     * step), and a node that counts none is not even walked.
     */
    private static List<Pod> placedWithSpread(PlannedNode n) {
        List<Pod> found = List.of();
        if (!n.hasUnboundSpreading()) {
            return found;
        }
        for (Pod p : n.pods()) {
            if (!p.spread().isEmpty() && !p.occupiesNode()) {
                if (found.isEmpty()) {
                    found = new ArrayList<>();
                }
                found.add(p);
            }
        }
        return found;
    }
}
