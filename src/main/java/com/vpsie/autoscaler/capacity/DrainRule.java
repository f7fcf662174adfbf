package com.vpsie.autoscaler.capacity;

import java.util.List;

/**
 * One rule of whether a pod may be drained off its node, as the Cluster Autoscaler's
 * {@code drainability/rules} each decide one thing. A rule that has no say answers
 * {@link Drainability#UNDECIDED} and the next rule of {@link DrainRules} is asked.
 */
interface DrainRule {
    Drainability check(Pod pod, List<Pdb> pdbs);
}
