package com.vpsie.autoscaler.capacity;

import java.util.List;

/**
 * {@code autoscaler.vpsie.com/do-not-disrupt: "true"} (or Karpenter's {@code karpenter.sh/do-not-disrupt})
 * keeps the pod's node from every voluntary removal; {@code safe-to-evict: "true"} does not lift it.
 */
final class DoNotDisruptRule implements DrainRule {
    @Override
    public Drainability check(Pod pod, List<Pdb> pdbs) {
        String key = Node.doNotDisrupt(pod.annotations());
        return key == null ? Drainability.UNDECIDED
                : new Drainability.Block(Blocker.pod(Blocker.Code.POD_DO_NOT_DISRUPT, pod, "pod " + pod.key() + " has " + key + "=true"));
    }
}
