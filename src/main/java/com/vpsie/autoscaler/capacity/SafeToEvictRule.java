package com.vpsie.autoscaler.capacity;

import java.util.List;

/** {@code safe-to-evict: "true"} lifts the rules after it (local storage, kube-system without a budget). */
final class SafeToEvictRule implements DrainRule {
    @Override
    public Drainability check(Pod pod, List<Pdb> pdbs) {
        return "true".equals(pod.annotations().get(Pod.SAFE_TO_EVICT)) ? Drainability.MOVE : Drainability.UNDECIDED;
    }
}
