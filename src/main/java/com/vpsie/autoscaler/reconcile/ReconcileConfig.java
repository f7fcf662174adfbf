package com.vpsie.autoscaler.reconcile;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

@ConfigurationProperties("autoscaler.reconcile")
public class ReconcileConfig {
    /** Default cap on nodes added to one group in one reconcile, when the NodeGroup does not set one. */
    private int maxNodesPerStep = 10;
    /** A worker that has not joined by then is no longer counted as coming. */
    private Duration maxNodeProvisionTime = Duration.ofMinutes(15);
    /** How often a status write that lost a race is re-read and re-planned. */
    private int conflictRetries = 3;
    /** How long a manual target holds as the group's floor, unless the request says otherwise. */
    private Duration manualHoldFor = Duration.ofMinutes(30);
    /** A pod is told the same thing (TriggeredScaleUp, NotTriggerScaleUp) at most this often. */
    private Duration podEventInterval = Duration.ofMinutes(5);
    /** Pod Events one reconcile may write: a 30,000-pod burst must not become 30,000 API calls. */
    private int maxPodEventsPerReconcile = 50;

    /** Triggers arriving while a reconcile runs wait this long after it, then fold into one follow-up. */
    private Duration debounce = Duration.ofMillis(250);
    /** The most one reconcile may take (a Knative request must answer): adds and drain rounds stop here; status says what is left. */
    private Duration timeout = Duration.ofSeconds(10);
    /** How often a group's VPSie workers are compared with status and Kubernetes (orphans, lost answers, gone nodes). */
    private Duration gcInterval = Duration.ofMinutes(1);
    /** First pause of adds after a provision timeout; doubles with each timeout in a row, up to backoff-max. */
    private Duration backoffBase = Duration.ofMinutes(5);
    private Duration backoffMax = Duration.ofMinutes(30);

    public Duration getDebounce() {
        return debounce;
    }

    public void setDebounce(Duration debounce) {
        this.debounce = debounce;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getGcInterval() {
        return gcInterval;
    }

    public void setGcInterval(Duration gcInterval) {
        this.gcInterval = gcInterval;
    }

    public Duration getBackoffBase() {
        return backoffBase;
    }

    public void setBackoffBase(Duration backoffBase) {
        this.backoffBase = backoffBase;
    }

    public Duration getBackoffMax() {
        return backoffMax;
    }

    public void setBackoffMax(Duration backoffMax) {
        this.backoffMax = backoffMax;
    }

    /** After VPSie says the account's quota is reached, how long adds to that group pause (a manual /v1/scale lifts it sooner). */
    private Duration quotaBackoff = Duration.ofMinutes(30);

    public Duration getQuotaBackoff() {
        return quotaBackoff;
    }

    public void setQuotaBackoff(Duration quotaBackoff) {
        this.quotaBackoff = quotaBackoff;
    }

    public Duration getPodEventInterval() {
        return podEventInterval;
    }

    public void setPodEventInterval(Duration podEventInterval) {
        this.podEventInterval = podEventInterval;
    }

    public int getMaxPodEventsPerReconcile() {
        return maxPodEventsPerReconcile;
    }

    public void setMaxPodEventsPerReconcile(int maxPodEventsPerReconcile) {
        this.maxPodEventsPerReconcile = maxPodEventsPerReconcile;
    }

    public int getMaxNodesPerStep() {
        return maxNodesPerStep;
    }

    public void setMaxNodesPerStep(int maxNodesPerStep) {
        this.maxNodesPerStep = maxNodesPerStep;
    }

    public Duration getMaxNodeProvisionTime() {
        return maxNodeProvisionTime;
    }

    public void setMaxNodeProvisionTime(Duration maxNodeProvisionTime) {
        this.maxNodeProvisionTime = maxNodeProvisionTime;
    }

    public int getConflictRetries() {
        return conflictRetries;
    }

    public void setConflictRetries(int conflictRetries) {
        this.conflictRetries = conflictRetries;
    }

    public Duration getManualHoldFor() {
        return manualHoldFor;
    }

    public void setManualHoldFor(Duration manualHoldFor) {
        this.manualHoldFor = manualHoldFor;
    }
}
