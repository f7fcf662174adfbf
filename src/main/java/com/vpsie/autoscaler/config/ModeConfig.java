package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The two settings at the root of {@code autoscaler.*} that change what the whole process does.
 * Both are read as text and accepted only as listed: a misspelt {@code dry-run} ({@code ture},
 * {@code yes}) fails start-up instead of quietly meaning "act".
 *
 * @param dryRun  {@code true}: plan and explain, never write to VPSie or drain
 * @param cluster {@code kubernetes} (the API server) or {@code simulated} (the sandbox's world)
 */
@Context
@ConfigurationProperties("autoscaler")
public record ModeConfig(
        @Bindable(defaultValue = "false") String dryRun,
        @Bindable(defaultValue = "kubernetes") String cluster) {

    public ModeConfig {
        SettingChecks.oneOf(dryRun, "autoscaler.dry-run", "true", "false");
        SettingChecks.oneOf(cluster, "autoscaler.cluster", "kubernetes", "simulated");
    }

    /** Acting for real, against the API server. */
    public static final ModeConfig ACTING = new ModeConfig("false", "kubernetes");

    public boolean dryRunOn() {
        return Boolean.parseBoolean(dryRun);
    }

    public boolean simulatedCluster() {
        return "simulated".equals(cluster);
    }
}
