package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sandbox.faults.*}: the VPSie simulator's faults at start (PUT /sandbox/vpsie/faults changes them while it runs).
 *
 * @param seed            the faults drawn are the same on every run with the same seed
 * @param serverErrorRate share of calls answered 5xx
 * @param errorInBodyRate share of calls answered 200 with {@code "error": true}
 * @param rateLimitEvery  every Nth call is answered 429 (0: never)
 * @param latencyMs       added to every call
 * @param lostAddRate     share of adds that happen but whose answer is lost
 * @param quota           workers the account may hold (0: no limit)
 */
@Context
@Requires(env = "sandbox")
@ConfigurationProperties("sandbox.faults")
public record FaultsConfig(@Bindable(defaultValue = "42") long seed,
                           @Bindable(defaultValue = "0") double serverErrorRate,
                           @Bindable(defaultValue = "0") double errorInBodyRate,
                           @Bindable(defaultValue = "0") int rateLimitEvery,
                           @Bindable(defaultValue = "0") int latencyMs,
                           @Bindable(defaultValue = "0") double lostAddRate,
                           @Bindable(defaultValue = "0") int quota) {
    private static final String P = "sandbox.faults.";

    public FaultsConfig {
        share(serverErrorRate, P + "server-error-rate");
        share(errorInBodyRate, P + "error-in-body-rate");
        share(lostAddRate, P + "lost-add-rate");
        SettingChecks.atLeast(rateLimitEvery, 0, P + "rate-limit-every");
        SettingChecks.atLeast(latencyMs, 0, P + "latency-ms");
        SettingChecks.atLeast(quota, 0, P + "quota");
    }

    private static void share(double rate, String key) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(key + ": expected a share from 0 to 1, got " + rate);
        }
    }
}
