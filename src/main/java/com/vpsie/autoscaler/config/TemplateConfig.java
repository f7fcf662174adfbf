package com.vpsie.autoscaler.config;

import com.vpsie.autoscaler.capacity.Quantity;
import com.vpsie.autoscaler.capacity.Resources;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code autoscaler.template.*}: what a new node of a VPSie size can offer pods when no node of its
 * group exists yet to look at: the size minus what kubelet, the OS and eviction thresholds keep.
 *
 * @param reservedCpu    CPU kept by the system, as a Kubernetes quantity (100m)
 * @param reservedMemory memory kept by the system, as a Kubernetes quantity (256Mi)
 * @param maxPods        kubelet's pod limit (110)
 */
@Context
@ConfigurationProperties("autoscaler.template")
public record TemplateConfig(@Bindable(defaultValue = "100m") String reservedCpu,
                             @Bindable(defaultValue = "256Mi") String reservedMemory,
                             @Bindable(defaultValue = "110") int maxPods) {
    public TemplateConfig {
        quantity(() -> Quantity.milli(reservedCpu), "autoscaler.template.reserved-cpu");
        quantity(() -> Quantity.units(reservedMemory), "autoscaler.template.reserved-memory");
        SettingChecks.atLeast(maxPods, 1, "autoscaler.template.max-pods");
    }

    private static void quantity(java.util.function.LongSupplier parse, String key) {
        try {
            parse.getAsLong();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    /** Allocatable of a node of {@code cpu} cores and {@code ramMb} MB (VPSie's units). */
    public Resources allocatableOf(int cpu, long ramMb) {
        return Resources.of(cpu * 1000L - Quantity.milli(reservedCpu), ramMb * 1024 * 1024 - Quantity.units(reservedMemory), maxPods);
    }
}
