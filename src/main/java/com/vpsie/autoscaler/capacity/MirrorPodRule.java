package com.vpsie.autoscaler.capacity;

import java.util.List;

/** A static pod's mirror is the kubelet's: it goes with the node. */
final class MirrorPodRule implements DrainRule {
    @Override
    public Drainability check(Pod pod, List<Pdb> pdbs) {
        return pod.isMirror() ? Drainability.SKIP : Drainability.UNDECIDED;
    }
}
