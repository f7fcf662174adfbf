package com.vpsie.autoscaler.apis.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What is not one group's but the whole cluster's ({@code autoscaler.vpsie.com/v1alpha1}
 * AutoscalerPolicy, one named {@value #NAME} in the autoscaler's namespace): {@code spec.limits}
 * on what all managed groups hold together. Without one, nothing limits the cluster beyond each
 * group's maxNodes and {@code autoscaler.planner.max-nodes-total}.
 */
public record AutoscalerPolicy(String name, String namespace, @Nullable String resourceVersion, Spec spec) {
    public static final String NAME = "default";

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(@Nullable Limits limits) {
    }

    /**
     * The most all managed groups may hold together: {@code nodes}, {@code cores} (their VPSie
     * sizes' CPUs), {@code memory} (a quantity such as 512Gi) and {@code hourlyPrice} (dollars per
     * hour at VPSie's prices); each left out is unlimited.
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limits(@Nullable Integer nodes, @Nullable Integer cores, @Nullable String memory, @Nullable Double hourlyPrice) {
    }
}
