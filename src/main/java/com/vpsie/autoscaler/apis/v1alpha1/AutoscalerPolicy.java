package com.vpsie.autoscaler.apis.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What is not one group's but the whole cluster's ({@code autoscaler.vpsie.com/v1alpha1}
 * AutoscalerPolicy, one named {@value #NAME} in the autoscaler's namespace): {@code spec.limits}
 * on what all managed groups hold together, and {@code spec.autoProvisioning}, groups on demand. Without one, nothing limits the cluster beyond each
 * group's maxNodes and {@code autoscaler.planner.max-nodes-total}.
 */
public record AutoscalerPolicy(String name, String namespace, @Nullable String resourceVersion, Spec spec) {
    public static final String NAME = "default";

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(@Nullable Limits limits, @Nullable AutoProvisioning autoProvisioning) {
        public Spec(@Nullable Limits limits) {
            this(limits, null);
        }

        @io.micronaut.core.annotation.Creator
        public Spec {
        }
    }

    /**
     * Groups on demand, off unless {@code enabled}: for pods no NodeGroup can host, a new VPSie node
     * group of the cheapest allowed size that holds them, named {@code auto-<size name>}, with
     * {@code labels} and {@code taints}. Allowed: the sizes named in {@code sizes}, else every size
     * offered in {@code datacenter} (by default the existing groups') within {@code minCpu},
     * {@code maxCpu} and {@code maxHourlyPrice}. At most {@code maxGroups} (3) created groups at
     * once; an empty one is deleted after {@code emptyTtl} (30m).
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AutoProvisioning(@Nullable Boolean enabled, @Nullable java.util.List<String> sizes, @Nullable Integer minCpu,
                                   @Nullable Integer maxCpu, @Nullable Double maxHourlyPrice, @Nullable String datacenter,
                                   @Nullable java.util.Map<String, String> labels, @Nullable java.util.List<NodeGroup.TaintSpec> taints,
                                   @Nullable Integer maxGroups, @Nullable String emptyTtl) {
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
