package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;

/**
 * The drain rules in order, the first that decides wins, as the Cluster Autoscaler composes its
 * drainability rules; a pod no rule decides moves. Rules that let a pod go with its node come
 * first, so whether a pod must move at all never depends on the PodDisruptionBudgets. The
 * planner's scale-down and consolidation, and the drain, all read pods through this one chain.
 */
public final class DrainRules {
    private static final List<DrainRule> CHAIN = List.of(new MirrorPodRule(), new DaemonSetPodRule(), new FinishedPodRule(),
            new NotSafeToEvictRule(), new DoNotDisruptRule(), new UnreplicatedPodRule(), new SafeToEvictRule(), new LocalStorageRule(), new SystemPodRule());

    private DrainRules() {
    }

    /** What the chain says of one pod, given the cluster's PodDisruptionBudgets. */
    public static Drainability check(Pod pod, List<Pdb> pdbs) {
        for (DrainRule rule : CHAIN) {
            Drainability d = rule.check(pod, pdbs);
            if (!(d instanceof Drainability.Undecided)) {
                return d;
            }
        }
        return Drainability.MOVE;
    }

    /** Whether the pod must be gone (evicted, stopped) before its node may go; the rest go with the node. */
    public static boolean mustMove(Pod pod) {
        return !(check(pod, List.of()) instanceof Drainability.Skip);
    }

    /**
     * What keeps these pods from all being evicted: one of them keeps its node, or a
     * PodDisruptionBudget has fewer disruptions left in {@code budgets} than they need; null when
     * nothing does. What each budget would spend is added to {@code spent}.
     */
    static Blocker blocker(List<Pod> moving, List<Pdb> pdbs, Map<Pdb, Integer> budgets, Map<Pdb, Integer> spent) {
        for (Pod p : moving) {
            if (check(p, pdbs) instanceof Drainability.Block b) {
                return b.blocker();
            }
            for (Pdb b : pdbs) {
                if (b.covers(p) && spent.merge(b, 1, Integer::sum) > budgets.get(b)) {
                    return new Blocker(Blocker.Code.PDB_EXHAUSTED, b.namespace() + "/" + b.name(),
                            "PodDisruptionBudget " + b.namespace() + "/" + b.name() + " allows no more disruptions (pod " + p.key() + ")");
                }
            }
        }
        return null;
    }
}
