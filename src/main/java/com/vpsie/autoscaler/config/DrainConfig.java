package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code autoscaler.drain.*}.
 *
 * @param maxGracefulTermination how long a drain may wait for evictions (PodDisruptionBudgets) and pods to stop before it gives up and uncordons
 * @param evictionRetryInterval  pause between eviction rounds while a PodDisruptionBudget says no
 */
@Context
@ConfigurationProperties("autoscaler.drain")
public record DrainConfig(@Bindable(defaultValue = "600s") Duration maxGracefulTermination,
                          @Bindable(defaultValue = "5s") Duration evictionRetryInterval) {
    public DrainConfig {
        SettingChecks.positive(maxGracefulTermination, "autoscaler.drain.max-graceful-termination");
        SettingChecks.positive(evictionRetryInterval, "autoscaler.drain.eviction-retry-interval");
    }
}
