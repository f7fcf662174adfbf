package com.vpsie.autoscaler.capacity;

import java.util.List;

/** A pod with emptyDir or hostPath volumes would lose their data: it keeps its node. */
final class LocalStorageRule implements DrainRule {
    @Override
    public Drainability check(Pod pod, List<Pdb> pdbs) {
        return pod.localStorage()
                ? new Drainability.Block(Blocker.pod(Blocker.Code.POD_LOCAL_STORAGE, pod, "pod " + pod.key() + " uses local storage (emptyDir or hostPath)"))
                : Drainability.UNDECIDED;
    }
}
