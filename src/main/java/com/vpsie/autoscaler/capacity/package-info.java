/**
 * The planner, pure Java with no framework: (cluster snapshot, node groups with sizes and prices,
 * policy, clock) to a plan whose every decision carries its reasons. One concept per file:
 * <ul>
 *   <li>In and out: {@code Planner} (the entry) reads a {@code ClusterSnapshot} (one consistent
 *   read of the cluster) under a {@code PlanningPolicy} (the expander, a cluster-wide node cap) and
 *   answers a {@code Plan}: a {@code GroupPlan} per group (with its {@code ScaleDownCandidate}s and
 *   {@code BlockedNode}s), the {@code UnschedulablePod}s with each group's reason, and the
 *   consolidation {@code Replacement}s.</li>
 *   <li>The cluster's objects: {@code Quantity}, {@code Resources}, {@code Pod} and its
 *   {@code PodPhase}, {@code Node}, {@code Taint}, {@code Toleration}, {@code HostPort}, {@code Pdb};
 *   the selector and affinity types {@code LabelSelector}, {@code LabelRequirement},
 *   {@code NodeAffinity}, {@code AffinityTerm}, {@code SpreadConstraint}; {@code GroupTemplate} (a
 *   group: bounds, what a new node looks like, its price, its recorded state), with
 *   {@code NewNodeLabels} (a new node's labels, built only if walked), {@code ScaleDownPolicy} and
 *   {@code ConsolidationPolicy} (when it may shrink, when its nodes may be replaced),
 *   {@code Headroom} (room kept warm, as virtual pods), {@code ClusterLimits} (what all managed groups may hold together), {@code AutoProvisioning} (groups on demand: one candidate per allowed size, the new groups proposed), {@code Disruption} (the disruption
 *   budgets open now, by {@code DisruptionReason}, and an open window's cap) and {@code Upkeep}
 *   (repair, drift and expiry settings, and what a new node of the group is now).</li>
 *   <li>Fitting: {@code FitPredicate} (kube-scheduler's filters, each returning a typed
 *   {@code Rejection}); {@code PlannedCluster} + {@code PlannedNode} + {@code PreFilterState} +
 *   {@code SpreadDomains} (the cluster in the planner's head, with one first-fit and
 *   checkpoint/rollback); {@code Scheduler} (the sandbox's stand-in kube-scheduler, on the same
 *   rules).</li>
 *   <li>Adding: {@code ScaleUpPlanner} (where the decision to add is made) takes pending pods of
 *   one shape together ({@code PodBatch}), has {@code BinPacker} estimate each group as a
 *   {@code ScaleUpOption} and the {@code Expander} choose; {@code SpreadSettler} re-checks spread
 *   pods against the whole planned cluster.</li>
 *   <li>Removing: {@code ScaleDownPlanner}; {@code Consolidator} (fewer or cheaper nodes for the
 *   same pods); {@code Repairer} (NotReady nodes replaced, a new node first, under {@code RepairPolicy}
 *   and an outage guard); {@code Renewer} (drifted and expired nodes replaced, a new node first),
 *   each node's {@code Drift} (how it differs from a new node, what is mended in place); the drain chain {@code DrainRules}, one {@code DrainRule} per file answering a
 *   {@code Drainability}: {@code MirrorPodRule}, {@code DaemonSetPodRule}, {@code FinishedPodRule}
 *   (the pod goes with the node or holds nothing), {@code NotSafeToEvictRule},
 *   {@code DoNotDisruptRule}, {@code UnreplicatedPodRule}, {@code LocalStorageRule},
 *   {@code SystemPodRule} (the pod keeps its node) and {@code SafeToEvictRule} (lifts the rules after it). What keeps a node is a typed
 *   {@code Blocker}.</li>
 * </ul>
 */
package com.vpsie.autoscaler.capacity;
