package com.vpsie.autoscaler.reconcile;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived Deployment's own heartbeat ({@code autoscaler.reconcile.interval}, e.g. 30s):
 * every group is reconciled on a timer, so scale-down and garbage collection happen without any
 * alert. Knative and Lambda leave it unset and get the same from a PingSource or CronJob POSTing
 * {@code /v1/reconcile}. Replicas take turns through the groups' Leases.
 */
@Singleton
@Requires(property = "autoscaler.reconcile.interval")
public class ScheduledReconcile {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledReconcile.class);

    private final GroupQueries queries;
    private final Reconciling reconciler;

    public ScheduledReconcile(GroupQueries queries, Reconciling reconciler) {
        this.queries = queries;
        this.reconciler = reconciler;
    }

    @Scheduled(fixedDelay = "${autoscaler.reconcile.interval}", initialDelay = "${autoscaler.reconcile.interval}")
    void tick() {
        try {
            reconciler.reconcile(queries.groupNames(), "schedule");
        } catch (RuntimeException e) {
            // The next tick tries again; a failed one must not end the schedule. Reconcile turns every
            // expected failure into a FAILED decision, so whatever reaches here is a bug: with its trace.
            LOG.error("scheduled reconcile failed", e);
        }
    }
}
