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

    static List<Pod> settle(Simulation sim) {
        List<Pod> homeless = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Pod> misplaced = new ArrayList<>();
            for (SimNode n : List.copyOf(sim.nodes())) {
                for (Pod p : List.copyOf(n.pods)) {
                    if (p.occupiesNode() || p.spread().isEmpty()) {
                        continue;
                    }
                    sim.unplace(p, n);
                    boolean stays = FitPredicate.admitsAll(FitPredicate.DYNAMIC, p, n, sim.prepare(p));
                    sim.seed(p, n);
                    if (!stays) {
                        sim.unplace(p, n);
                        n.placed--;
                        misplaced.add(p);
                    }
                }
            }
            if (misplaced.isEmpty()) {
                break;
            }
            for (Pod p : misplaced) {
                Simulation.PodCycle cycle = sim.prepare(p);
                SimNode target = null;
                for (SimNode n : sim.nodes()) {
                    if (n.acceptsPods() && FitPredicate.check(p, n, cycle) == null) {
                        target = n;
                        break;
                    }
                }
                if (target == null) {
                    homeless.add(p);
                } else {
                    sim.place(p, target);
                }
            }
        }
        return homeless;
    }
}
