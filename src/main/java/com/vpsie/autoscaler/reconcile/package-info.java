/**
 * Acting on plans. The inbound interfaces the HTTP side depends on are {@code Reconciling} (look
 * at these groups again) and {@code GroupQueries} (read-only questions, answered by
 * {@code LiveQueries} as {@code NodeGroupSummary}s and {@code PlanView}s).
 * <ul>
 *   <li>The loop: {@code Reconciler} (one attempt: Lease, read, housekeeping, plan, intent to
 *   status, hand over), run on triggers and on {@code ScheduledReconcile}'s heartbeat;
 *   {@code ManualScaler} ({@code POST /v1/scale}: a target held as the floor, drains below it);
 *   {@code GroupGate} (one action per group per instance); {@code SnapshotBuilder} (the planner's
 *   input from a cluster read and VPSie sizes);
 *   {@code SpecRules} and {@code TemplateRules} (a spec checked before anything is planned, a
 *   refusal naming its field); {@code ReconcileFailure} (the closed set of ways one reconcile
 *   fails).</li>
 *   <li>Carrying out: {@code ScaleUpExecutor} (adds under the VPSie cluster's {@code AddLock},
 *   intents settled, expiry of workers that never joined); {@code Drainer} (removals, each step
 *   recorded); {@code ReplacementSteps} (a consolidation, repair, drift or expiry replacement, one recorded step at a time);
 *   {@code GroupCreator} (groups on demand: the NodeGroup, its VPSie group, its deletion once empty, each step recorded);
 *   {@code GroupStatus} (status writes under resourceVersion); {@code JoinedNodes} (labels and
 *   taints on nodes that joined, drifted ones mended in place); {@code AddPause}, {@code ScheduledFloors},
 *   {@code DisruptionBudgets}, {@code UpkeepRules}, {@code PolicyRules} and {@code NewGroups} (pure functions: when adds wait, which schedule window raises a floor
 *   or caps the group, which disruption budgets are open, how nodes are repaired, mended and renewed), windows read as a {@code CronWindow}.</li>
 *   <li>Housekeeping: {@code GarbageCollector} (VPSie, status and Nodes made to agree) on
 *   {@code Attribution} (which group owns each worker, from our records); {@code UnattributedWorkers}
 *   (workers no record claims: shown, never removed).</li>
 *   <li>Explaining: {@code Explanations} (why a node stays or goes and when, why a pod waits and for
 *   what, read off one cluster read and its plan), {@code Decision} (what one reconcile did, with a closed outcome code),
 *   {@code DecisionLog} (recent decisions, one log line and one metric each), {@code GroupMetrics}
 *   (each group's size as last planned), {@code NodeConditions} (NodesUnhealthy, NodesDrifted), {@code PodNotifier} (pod Events with their own
 *   dedupe).</li>
 * </ul>
 */
package com.vpsie.autoscaler.reconcile;
