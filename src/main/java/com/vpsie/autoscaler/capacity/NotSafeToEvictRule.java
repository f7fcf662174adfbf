package com.vpsie.autoscaler.capacity;

import java.util.List;

/** {@code safe-to-evict: "false"} keeps the pod's node, whatever else holds. */
final class NotSafeToEvictRule implements DrainRule {
    @Override
    public Drainability check(Pod pod, List<Pdb> pdbs) {
        return "false".equals(pod.annotations().get(Pod.SAFE_TO_EVICT))
                ? new Drainability.Block(Blocker.pod(Blocker.Code.POD_NOT_SAFE_TO_EVICT, pod, "pod " + pod.key() + " has " + Pod.SAFE_TO_EVICT + "=false"))
                : Drainability.UNDECIDED;
    }
}
