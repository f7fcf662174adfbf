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
