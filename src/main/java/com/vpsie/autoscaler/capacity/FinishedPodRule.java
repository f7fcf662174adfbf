package com.vpsie.autoscaler.capacity;

import java.util.List;

/** A pod that has finished (Succeeded or Failed) holds nothing that must move. */
final class FinishedPodRule implements DrainRule {
    @Override
    public Drainability check(Pod pod, List<Pdb> pdbs) {
        return pod.phase().finished() ? Drainability.SKIP : Drainability.UNDECIDED;
    }
}
