package com.vpsie.autoscaler.sandbox;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

@ConfigurationProperties("sandbox")
public class SandboxConfig {
    /** How long the simulated VPSie takes to turn an added worker into a Ready node. */
    private Duration provisionDelay = Duration.ofSeconds(5);
    /** How often the stand-in scheduler binds pods. */
    private Duration schedulerInterval = Duration.ofSeconds(1);
    /** How often an unschedulable pod's FailedScheduling event is sent again (the scheduler's backoff). */
    private Duration eventInterval = Duration.ofSeconds(10);
    /** Whether FailedScheduling events are POSTed to /v1/webhooks/events, as an event exporter would. */
    private boolean exportEvents = true;
    /** The world loaded at start: a scenario JSON on the classpath or a file path. */
    private String startScenario = "classpath:sandbox/start-world.json";
    private String clientId = "sandbox-client";
    private String clientSecret = "sandbox-secret";
    private Duration tokenLifetime = Duration.ofHours(1);

    public Duration getProvisionDelay() {
        return provisionDelay;
    }

    public void setProvisionDelay(Duration provisionDelay) {
        this.provisionDelay = provisionDelay;
    }

    public Duration getSchedulerInterval() {
        return schedulerInterval;
    }

    public void setSchedulerInterval(Duration schedulerInterval) {
        this.schedulerInterval = schedulerInterval;
    }

    public Duration getEventInterval() {
        return eventInterval;
    }

    public void setEventInterval(Duration eventInterval) {
        this.eventInterval = eventInterval;
    }

    public boolean isExportEvents() {
        return exportEvents;
    }

    public void setExportEvents(boolean exportEvents) {
        this.exportEvents = exportEvents;
    }

    public String getStartScenario() {
        return startScenario;
    }

    public void setStartScenario(String startScenario) {
        this.startScenario = startScenario;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public Duration getTokenLifetime() {
        return tokenLifetime;
    }

    public void setTokenLifetime(Duration tokenLifetime) {
        this.tokenLifetime = tokenLifetime;
    }
}
