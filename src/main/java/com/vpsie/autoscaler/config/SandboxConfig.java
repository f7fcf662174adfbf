package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code sandbox.*}: the simulated world of {@code make run}.
 *
 * @param provisionDelay    how long the simulated VPSie takes to turn an added worker into a Ready node
 * @param schedulerInterval how often the stand-in scheduler binds pods
 * @param eventInterval     how often an unschedulable pod's FailedScheduling event is sent again (the scheduler's backoff)
 * @param exportEvents      whether FailedScheduling events are POSTed to /v1/webhooks/events, as an event exporter would
 * @param startScenario     the world loaded at start: a scenario JSON on the classpath or a file path
 * @param clientId          the simulated account's login
 * @param clientSecret      its secret
 * @param tokenLifetime     how long a login token of the simulated VPSie lasts
 */
@Context
@Requires(env = "sandbox")
@ConfigurationProperties("sandbox")
public record SandboxConfig(@Bindable(defaultValue = "5s") Duration provisionDelay,
                            @Bindable(defaultValue = "1s") Duration schedulerInterval,
                            @Bindable(defaultValue = "10s") Duration eventInterval,
                            @Bindable(defaultValue = "true") boolean exportEvents,
                            @Bindable(defaultValue = "classpath:sandbox/start-world.json") String startScenario,
                            @Bindable(defaultValue = "sandbox-client") String clientId,
                            @Bindable(defaultValue = "sandbox-secret") String clientSecret,
                            @Bindable(defaultValue = "1h") Duration tokenLifetime) {
    public SandboxConfig {
        SettingChecks.notNegative(provisionDelay, "sandbox.provision-delay");
        SettingChecks.positive(schedulerInterval, "sandbox.scheduler-interval");
        SettingChecks.positive(eventInterval, "sandbox.event-interval");
        SettingChecks.positive(tokenLifetime, "sandbox.token-lifetime");
    }
}
