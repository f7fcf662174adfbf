/**
 * The planner, pure Java with no framework: (cluster snapshot, node groups with sizes and prices,
 * policy, clock) to a plan whose every decision carries its reasons. One concept per file:
 * {@code Quantity}, {@code Resources}, {@code Pod}, {@code Node}, {@code GroupTemplate}, the
 * selector and affinity types, {@code FitPredicate} (kube-scheduler's filters, each returning a
 * typed {@code Rejection}), {@code PlannedCluster} + {@code PlannedNode} + {@code PreFilterState} + {@code SpreadDomains}
 * (the cluster in the planner's head, with one first-fit and checkpoint/rollback),
 * {@code BinPacker} (one group's estimate), {@code Expander} + {@code ScaleUpOption},
 * {@code ScaleUpPlanner} (where the decision to add is made), {@code SpreadSettler},
 * {@code ScaleDownPlanner}, the drain rules ({@code DrainRules}: one {@code DrainRule} per file, answering a
 * {@code Drainability}; what keeps a node is a typed {@code Blocker}), {@code Headroom} (room kept warm, as virtual pods),
 * {@code Consolidator} + {@code ConsolidationPolicy} + {@code Replacement} (cheaper nodes for the same pods),
 * {@code Planner} (the entry) and {@code Scheduler}
 * (the sandbox's stand-in kube-scheduler, on the same rules).
 */
package com.vpsie.autoscaler.capacity;
