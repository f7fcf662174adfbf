package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static com.vpsie.autoscaler.config.SettingChecks.atLeast;
import static com.vpsie.autoscaler.config.SettingChecks.notNegative;
import static com.vpsie.autoscaler.config.SettingChecks.positive;

/**
 * {@code autoscaler.reconcile.*}, checked once at start-up.
 *
 * @param maxNodesPerStep          default cap on nodes added to one group in one reconcile, when the NodeGroup sets none
 * @param maxNodeProvisionTime     a worker that has not joined by then is no longer counted as coming
 * @param conflictRetries          how often a status write that lost a race is re-read and re-planned
 * @param manualHoldFor            how long a manual target holds as the group's floor, unless the request says otherwise
 * @param podEventInterval         a pod is told the same thing (TriggeredScaleUp, NotTriggerScaleUp) at most this often
 * @param maxPodEventsPerReconcile pod Events one reconcile may write: a 30,000-pod burst must not become 30,000 API calls
 * @param debounce                 triggers arriving while a reconcile runs wait this long after it, then fold into one follow-up
 * @param timeout                  the most one reconcile may take (a Knative request must answer); status says what is left
 * @param gcInterval               how often a group's VPSie workers are compared with status and Kubernetes
 * @param backoffBase              first pause of adds after a provision timeout; doubles with each timeout in a row
 * @param backoffMax               the longest that pause gets
 * @param quotaBackoff             after VPSie says the quota is reached, how long adds pause (a manual /v1/scale lifts it sooner)
 */
@Context
@ConfigurationProperties("autoscaler.reconcile")
public record ReconcileConfig(
        @Bindable(defaultValue = "10") int maxNodesPerStep,
        @Bindable(defaultValue = "15m") Duration maxNodeProvisionTime,
        @Bindable(defaultValue = "3") int conflictRetries,
        @Bindable(defaultValue = "30m") Duration manualHoldFor,
        @Bindable(defaultValue = "5m") Duration podEventInterval,
        @Bindable(defaultValue = "50") int maxPodEventsPerReconcile,
        @Bindable(defaultValue = "250ms") Duration debounce,
        @Bindable(defaultValue = "10s") Duration timeout,
        @Bindable(defaultValue = "1m") Duration gcInterval,
        @Bindable(defaultValue = "5m") Duration backoffBase,
        @Bindable(defaultValue = "30m") Duration backoffMax,
        @Bindable(defaultValue = "30m") Duration quotaBackoff) {

    private static final String P = "autoscaler.reconcile.";

    public ReconcileConfig {
        atLeast(maxNodesPerStep, 1, P + "max-nodes-per-step");
        positive(maxNodeProvisionTime, P + "max-node-provision-time");
        atLeast(conflictRetries, 1, P + "conflict-retries");
        positive(manualHoldFor, P + "manual-hold-for");
        notNegative(podEventInterval, P + "pod-event-interval");
        atLeast(maxPodEventsPerReconcile, 0, P + "max-pod-events-per-reconcile");
        notNegative(debounce, P + "debounce");
        positive(timeout, P + "timeout");
        notNegative(gcInterval, P + "gc-interval");
        positive(backoffBase, P + "backoff-base");
        positive(backoffMax, P + "backoff-max");
        notNegative(quotaBackoff, P + "quota-backoff");
    }
}
