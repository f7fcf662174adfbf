package com.vpsie.autoscaler.capacity;

import java.util.List;

/** A DaemonSet's pod is recreated on every node anyway: it goes with the node. */
final class DaemonSetPodRule implements DrainRule {
    @Override
    public Drainability check(Pod pod, List<Pdb> pdbs) {
        return pod.isDaemonSetPod() ? Drainability.SKIP : Drainability.UNDECIDED;
    }
}
