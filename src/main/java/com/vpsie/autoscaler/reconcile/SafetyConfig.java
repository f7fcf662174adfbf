package com.vpsie.autoscaler.reconcile;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code autoscaler.dry-run}: plan and explain, never write to VPSie or drain. Read as text and
 * accepted only as {@code true} or {@code false}: a misspelt value ({@code ture}, {@code yes})
 * fails start-up instead of quietly meaning "act".
 */
@Context
@ConfigurationProperties("autoscaler")
public record SafetyConfig(@Bindable(defaultValue = "false") @NotNull
                           @Pattern(regexp = "true|false", message = "autoscaler.dry-run: expected true or false") String dryRun) {

    public boolean dryRunOn() {
        return Boolean.parseBoolean(dryRun);
    }
}
