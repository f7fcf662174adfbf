package com.vpsie.autoscaler.capacity;

import java.util.List;

/** A pod without a controller would not be recreated elsewhere: it keeps its node, even when marked safe to evict. */
final class UnreplicatedPodRule implements DrainRule {
    @Override
    public Drainability check(Pod pod, List<Pdb> pdbs) {
        return pod.ownerKind() == null
                ? new Drainability.Block(Blocker.pod(Blocker.Code.POD_NOT_REPLICATED, pod,
                "pod " + pod.key() + " has no controller (a bare pod would not be recreated)"))
                : Drainability.UNDECIDED;
    }
}
