package com.vpsie.autoscaler.reconcile;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

@ConfigurationProperties("autoscaler.drain")
public class DrainConfig {
    /** How long a drain may wait for evictions (PodDisruptionBudgets) and pods to stop before it gives up and uncordons. */
    private Duration maxGracefulTermination = Duration.ofSeconds(600);
    /** Pause between eviction rounds while a PodDisruptionBudget says no. */
    private Duration evictionRetryInterval = Duration.ofSeconds(5);

    public Duration getMaxGracefulTermination() {
        return maxGracefulTermination;
    }

    public void setMaxGracefulTermination(Duration maxGracefulTermination) {
        this.maxGracefulTermination = maxGracefulTermination;
    }

    public Duration getEvictionRetryInterval() {
        return evictionRetryInterval;
    }

    public void setEvictionRetryInterval(Duration evictionRetryInterval) {
        this.evictionRetryInterval = evictionRetryInterval;
    }
}
