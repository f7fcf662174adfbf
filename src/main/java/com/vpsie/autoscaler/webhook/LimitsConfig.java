package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

/** Body limits of the front door, checked once at start-up. */
public final class LimitsConfig {
    private LimitsConfig() {
    }

    /** @param maxBodySize {@code autoscaler.webhooks.max-body-size}: the largest webhook or scale body (1MB) */
    @Context
    @ConfigurationProperties("autoscaler.webhooks")
    public record Webhooks(@Bindable(defaultValue = "1MB") @ReadableBytes long maxBodySize) {
        public Webhooks {
            positive(maxBodySize, "autoscaler.webhooks.max-body-size");
        }
    }

    /** @param maxScenarioSize {@code autoscaler.plan.max-scenario-size}: the largest what-if scenario or kubectl dump (512MB), read as it arrives */
    @Context
    @ConfigurationProperties("autoscaler.plan")
    public record WhatIf(@Bindable(defaultValue = "512MB") @ReadableBytes long maxScenarioSize) {
        public WhatIf {
            positive(maxScenarioSize, "autoscaler.plan.max-scenario-size");
        }
    }

    private static void positive(long bytes, String key) {
        if (bytes <= 0) {
            throw new IllegalArgumentException(key + ": expected a size above zero such as 1MB, got " + bytes);
        }
    }
}
