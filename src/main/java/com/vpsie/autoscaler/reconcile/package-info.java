/**
 * Acting on plans, and the ports the adapters implement ({@code ClusterPort}, {@code GroupLease},
 * {@code VpsiePort}). {@code Reconciler} is the attempt loop (Lease, read, housekeeping, plan,
 * intent to status, hand over); {@code ScaleUpExecutor} carries adds out (add lock, VPSie calls,
 * intents settled, expiry of workers that never joined); {@code Drainer} carries removals out;
 * {@code ReplacementSteps} carries a consolidation out, one recorded step at a time;
 * {@code AddPause} says, as pure functions, when adds wait, and {@code ScheduledFloors} which
 * schedule window raises a group's floor; {@code PodNotifier} writes pod Events
 * with its own dedupe; {@code JoinedNodes} labels nodes that joined; {@code LiveQueries} answers
 * the read-only {@code GroupQueries}; {@code GarbageCollector}, {@code Attribution},
 * {@code AddLock}, {@code GroupGate}, {@code GroupStatus}, {@code ManualScaler},
 * {@code DecisionLog} (where each decision is explained, one log line with its reasons),
 * {@code SnapshotBuilder}; {@code ReconcileFailure} is the closed set of ways one reconcile fails.
 * Settings are validated records ({@code ReconcileConfig}, {@code DrainConfig},
 * {@code PlannerConfig}, {@code TemplateConfig}, {@code ModeConfig}).
 */
package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.config.DrainConfig;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.config.PlannerConfig;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.config.TemplateConfig;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.VpsiePort;

