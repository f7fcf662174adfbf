package com.vpsie.autoscaler.simulation;

import com.vpsie.autoscaler.config.DrainConfig;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.config.PlannerConfig;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.reconcile.AddLock;
import com.vpsie.autoscaler.reconcile.DecisionLog;
import com.vpsie.autoscaler.reconcile.Drainer;
import com.vpsie.autoscaler.reconcile.GarbageCollector;
import com.vpsie.autoscaler.reconcile.GroupCreator;
import com.vpsie.autoscaler.reconcile.GroupGate;
import com.vpsie.autoscaler.reconcile.GroupMetrics;
import com.vpsie.autoscaler.reconcile.GroupQueries;
import com.vpsie.autoscaler.reconcile.GroupStatus;
import com.vpsie.autoscaler.reconcile.JoinedNodes;
import com.vpsie.autoscaler.reconcile.LiveQueries;
import com.vpsie.autoscaler.reconcile.ManualScaler;
import com.vpsie.autoscaler.reconcile.PodNotifier;
import com.vpsie.autoscaler.reconcile.Reconciler;
import com.vpsie.autoscaler.reconcile.ReplacementSteps;
import com.vpsie.autoscaler.reconcile.ScaleUpExecutor;
import com.vpsie.autoscaler.reconcile.SnapshotBuilder;
import com.vpsie.autoscaler.reconcile.UnattributedWorkers;
import io.micronaut.context.BeanContext;

import java.time.Clock;
import java.time.Duration;

/**
 * Another replica of the function in this process, with its own ports and Lease holder: what the
 * simulation harness starts (and restarts after a crash) and what two-replica tests race. The
 * settings and the shared record of decisions come from the running context; everything that
 * holds a replica's own state (status writer, drainer, collector, add lock, pod Event dedupe) is new.
 */
public final class ReplicaWiring {
    private ReplicaWiring() {
    }

    /** One replica's two ways in: triggers, and {@code POST /v1/scale}; both through its one gate. */
    public record Replica(Reconciler reconciler, ManualScaler manual) {
    }

    public static Reconciler start(BeanContext context, ClusterPort c, VpsiePort v, GroupLease lease, Clock clock) {
        return replica(context, c, v, lease, clock).reconciler();
    }

    public static Replica replica(BeanContext context, ClusterPort c, VpsiePort v, GroupLease lease, Clock clock) {
        ReconcileConfig rc = context.getBean(ReconcileConfig.class);
        GroupStatus status = new GroupStatus(c, rc);
        GroupMetrics metrics = context.getBean(GroupMetrics.class);
        ModeConfig acting = ModeConfig.ACTING;
        Drainer drainer = new Drainer(c, v, lease, status, context.getBean(DrainConfig.class), metrics, clock);
        GarbageCollector gc = new GarbageCollector(c, v, status, rc, context.getBean(UnattributedWorkers.class), clock);
        SnapshotBuilder snapshots = context.getBean(SnapshotBuilder.class);
        GroupQueries queries = new LiveQueries(c, v, snapshots, gc, context.getBean(PlannerConfig.class), acting, clock);
        ScaleUpExecutor executor = new ScaleUpExecutor(c, v, lease, new AddLock(lease), status, metrics, rc, acting, clock);
        GroupGate gate = new GroupGate(Duration.ZERO, clock);
        DecisionLog decisions = context.getBean(DecisionLog.class);
        Reconciler reconciler = new Reconciler(c, queries, snapshots, gate, lease, status, drainer,
                new ReplacementSteps(c, v, status, drainer, rc, clock), gc,
                new JoinedNodes(c, status, acting, clock), executor, new PodNotifier(c, rc, acting, clock),
                new GroupCreator(c, v, status, metrics, acting, clock), decisions, metrics, rc, acting, clock);
        return new Replica(reconciler, new ManualScaler(c, lease, gate, status, drainer, queries, reconciler, decisions, rc, clock));
    }
}
