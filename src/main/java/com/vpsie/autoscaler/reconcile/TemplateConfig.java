package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.Quantity;
import com.vpsie.autoscaler.capacity.Resources;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * What a new node of a VPSie size can offer pods when no node of its group exists yet to look at:
 * the size minus what kubelet, the OS and eviction thresholds keep for themselves.
 */
@ConfigurationProperties("autoscaler.template")
public class TemplateConfig {
    private String reservedCpu = "100m";
    private String reservedMemory = "256Mi";
    private int maxPods = 110;

    public String getReservedCpu() {
        return reservedCpu;
    }

    public void setReservedCpu(String reservedCpu) {
        Quantity.milli(reservedCpu);
        this.reservedCpu = reservedCpu;
    }

    public String getReservedMemory() {
        return reservedMemory;
    }

    public void setReservedMemory(String reservedMemory) {
        Quantity.units(reservedMemory);
        this.reservedMemory = reservedMemory;
    }

    public int getMaxPods() {
        return maxPods;
    }

    public void setMaxPods(int maxPods) {
        this.maxPods = maxPods;
    }

    /** Allocatable of a node of {@code cpu} cores and {@code ramMb} MB (VPSie's units). */
    public Resources allocatableOf(int cpu, long ramMb) {
        return Resources.of(cpu * 1000L - Quantity.milli(reservedCpu), ramMb * 1024 * 1024 - Quantity.units(reservedMemory), maxPods);
    }
}
