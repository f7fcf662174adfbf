package com.vpsie.autoscaler.capacity;

import java.util.List;

/** A kube-system pod moves only when a PodDisruptionBudget says how many may be down. */
final class SystemPodRule implements DrainRule {
    static final String SYSTEM = "kube-system";

    @Override
    public Drainability check(Pod pod, List<Pdb> pdbs) {
        return SYSTEM.equals(pod.namespace()) && pdbs.stream().noneMatch(b -> b.covers(pod))
                ? new Drainability.Block(Blocker.pod(Blocker.Code.SYSTEM_POD_WITHOUT_PDB, pod, "kube-system pod " + pod.key() + " has no PodDisruptionBudget"))
                : Drainability.UNDECIDED;
    }
}
