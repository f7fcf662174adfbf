package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;

/**
 * Which pods stop their node from being removed, as the Cluster Autoscaler decides it. DaemonSet
 * and mirror pods never block (they go with the node). The others block when they have no
 * controller to recreate them, use local storage, say {@code safe-to-evict: "false"}, or live in
 * kube-system without a PodDisruptionBudget. {@code safe-to-evict: "true"} lifts the last three.
 */
final class EvictionRules {
    private EvictionRules() {
    }

    /** Pods that would have to move elsewhere. */
    static boolean mustMove(Pod p) {
        return !p.isDaemonSetPod() && !p.isMirror();
    }

    /** Why this pod keeps its node, or null. */
    static String blocker(Pod p, List<Pdb> pdbs) {
        String safe = p.annotations().get(Pod.SAFE_TO_EVICT);
        if ("false".equals(safe)) {
            return "pod " + p.key() + " has " + Pod.SAFE_TO_EVICT + "=false";
        }
        if (p.ownerKind() == null) {
            return "pod " + p.key() + " has no controller (a bare pod would not be recreated)";
        }
        if ("true".equals(safe)) {
            return null;
        }
        if (p.localStorage()) {
            return "pod " + p.key() + " uses local storage (emptyDir or hostPath)";
        }
        if ("kube-system".equals(p.namespace()) && pdbs.stream().noneMatch(b -> b.covers(p))) {
            return "kube-system pod " + p.key() + " has no PodDisruptionBudget";
        }
        return null;
    }

    /**
     * Why these pods may not all be evicted (one of them keeps its node, or a PodDisruptionBudget
     * has fewer disruptions left in {@code budgets} than they need), or null; what each budget would
     * spend is added to {@code spent}.
     */
    static String blocker(List<Pod> moving, List<Pdb> pdbs, Map<Pdb, Integer> budgets, Map<Pdb, Integer> spent) {
        for (Pod p : moving) {
            String why = blocker(p, pdbs);
            if (why != null) {
                return why;
            }
            for (Pdb b : pdbs) {
                if (b.covers(p)) {
                    int used = spent.merge(b, 1, Integer::sum);
                    if (used > budgets.get(b)) {
                        return "PodDisruptionBudget " + b.namespace() + "/" + b.name() + " allows no more disruptions (pod " + p.key() + ")";
                    }
                }
            }
        }
        return null;
    }
}
