package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

/** Body limits of the front door, checked once at start-up. */
public final class LimitsConfig {
    private LimitsConfig() {
    }

    /**
     * @param maxBodySize  {@code autoscaler.webhooks.max-body-size}: the largest webhook or scale body (1MB)
     * @param answerWithin {@code autoscaler.webhooks.answer-within}: a webhook is answered within this (15s: the reconcile's own
     *                     10s and a margin), with the groups still reconciling named, whatever the reconcile does; senders
     *                     (Alertmanager's 10s default, the event exporter) give up and resend otherwise
     */
    @Context
    @ConfigurationProperties("autoscaler.webhooks")
    public record Webhooks(@Bindable(defaultValue = "1MB") @ReadableBytes long maxBodySize,
                           @Bindable(defaultValue = "15s") java.time.Duration answerWithin) {
        public Webhooks {
            positive(maxBodySize, "autoscaler.webhooks.max-body-size");
            SettingChecks.positiveAtMost(answerWithin, MAX_WAIT, "autoscaler.webhooks.answer-within");
        }
    }

    /**
     * @param maxScenarioSize {@code autoscaler.plan.max-scenario-size}: the largest what-if scenario or kubectl dump (512MB), read as it arrives
     * @param maxKeptShare    {@code autoscaler.plan.max-kept-share}: the share of the heap all what-ifs in progress may fill together
     *                        with what they keep until their plans (0.33; the generated kubectl dump of 30,000 pods keeps about 25 MB, a
     *                        third of 384 MB is 128 MB)
     * @param maxConcurrent   {@code autoscaler.plan.max-concurrent}: what-ifs planned at once (2, one per core here); more are answered
     *                        429 with Retry-After
     */
    @Context
    @ConfigurationProperties("autoscaler.plan")
    public record WhatIf(@Bindable(defaultValue = "512MB") @ReadableBytes long maxScenarioSize,
                         @Bindable(defaultValue = "0.33") double maxKeptShare,
                         @Bindable(defaultValue = "2") int maxConcurrent) {
        public WhatIf {
            positive(maxScenarioSize, "autoscaler.plan.max-scenario-size");
            if (maxConcurrent < 1 || maxConcurrent > 64) {
                throw new IllegalArgumentException("autoscaler.plan.max-concurrent: expected a number of what-ifs from 1 to 64 such as 2, got "
                        + maxConcurrent);
            }
            if (!(maxKeptShare > 0 && maxKeptShare <= 1)) {
                throw new IllegalArgumentException("autoscaler.plan.max-kept-share: expected a share of the heap above 0 and at most 1 "
                        + "such as 0.33, got " + maxKeptShare);
            }
        }

        /** The most bytes all what-ifs in progress may keep together (and so one alone), in this JVM. */
        public long maxKept() {
            return (long) (maxKeptShare * Runtime.getRuntime().maxMemory());
        }
    }

    /**
     * @param headersTimeout {@code autoscaler.http.headers-timeout}: a connection's request headers must come within this of its
     *                       opening or of its previous answer (10s; the Kubernetes API server's ReadHeaderTimeout is 32s)
     * @param bodyTimeout    {@code autoscaler.http.body-timeout}: a request's body must come whole within this of its headers
     *                       (5m: a 512 MB kubectl dump at 2 MB/s)
     * @param bodyMinRate    {@code autoscaler.http.body-min-rate}: the least a body must bring a second, over each 10 s (1KB;
     *                       0 turns it off): a half-sent what-if no longer holds one of its few slots for the whole body-timeout
     */
    @Context
    @ConfigurationProperties("autoscaler.http")
    public record Http(@Bindable(defaultValue = "10s") java.time.Duration headersTimeout,
                       @Bindable(defaultValue = "5m") java.time.Duration bodyTimeout,
                       @Bindable(defaultValue = "1KB") @ReadableBytes long bodyMinRate) {
        public Http {
            if (bodyMinRate < 0) {
                throw new IllegalArgumentException("autoscaler.http.body-min-rate: expected a size per second such as 1KB, or 0 for none, got "
                        + bodyMinRate);
            }
            SettingChecks.positiveAtMost(headersTimeout, MAX_WAIT, "autoscaler.http.headers-timeout");
            SettingChecks.positiveAtMost(bodyTimeout, MAX_WAIT, "autoscaler.http.body-timeout");
        }
    }

    /** The longest a client or a webhook answer may be waited for. */
    private static final java.time.Duration MAX_WAIT = java.time.Duration.ofHours(1);

    private static void positive(long bytes, String key) {
        if (bytes <= 0) {
            throw new IllegalArgumentException(key + ": expected a size above zero such as 1MB, got " + bytes);
        }
    }
}
