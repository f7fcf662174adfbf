package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy;
import com.vpsie.autoscaler.capacity.ClusterLimits;
import com.vpsie.autoscaler.capacity.Quantity;

import java.util.Optional;

/**
 * The AutoscalerPolicy's {@code spec.limits} as the planner reads them. A limit left out is none;
 * a value is at least 1 (0 would read as "no nodes at all", which is a group's maxNodes' job).
 * A policy that breaks a rule limits everything: nothing is added until it is fixed, and the plan
 * says which field and why, so a typo never lifts a spending cap.
 */
final class PolicyRules {
    static final double MAX_HOURLY = 1_000_000;
    static final int MAX_CORES = 10_000_000;
    /** The CRD's maxLength on the memory limit. */
    static final int MAX_TEXT = 32;

    private PolicyRules() {
    }

    /** The limits of {@code p}; none without a policy. */
    static ClusterLimits limits(AutoscalerPolicy p) {
        if (p == null || p.spec().limits() == null) {
            return ClusterLimits.NONE;
        }
        Optional<String> problem = problem(p.spec().limits());
        if (problem.isPresent()) {
            return ClusterLimits.refusing("AutoscalerPolicy " + p.name() + " is invalid, fix it to scale up again: " + problem.get());
        }
        AutoscalerPolicy.Limits l = p.spec().limits();
        return new ClusterLimits(l.nodes() == null ? 0 : l.nodes(), l.cores() == null ? 0 : l.cores() * 1000L,
                l.memory() == null ? 0 : Quantity.units(l.memory()), l.hourlyPrice() == null ? 0 : l.hourlyPrice(), null);
    }

    /** The first rule the limits break, as "field: expected …, got …"; empty when they are valid. */
    static Optional<String> problem(AutoscalerPolicy.Limits l) {
        if (l.nodes() != null && (l.nodes() < 1 || l.nodes() > SpecRules.MAX_NODES)) {
            return Optional.of("spec.limits.nodes: expected a number from 1 to " + SpecRules.MAX_NODES + " (leave it out for no limit), got " + l.nodes());
        }
        if (l.cores() != null && (l.cores() < 1 || l.cores() > MAX_CORES)) {
            return Optional.of("spec.limits.cores: expected a number from 1 to " + MAX_CORES + " (leave it out for no limit), got " + l.cores());
        }
        if (l.memory() != null) {
            long bytes = l.memory().length() > MAX_TEXT ? -1 : SpecRules.quantity(l.memory()).orElse(-1);
            if (bytes < 1) {
                return Optional.of("spec.limits.memory: expected a quantity above 0 and below 2^63 bytes such as 512Gi, got "
                        + (l.memory().length() > MAX_TEXT ? l.memory().length() + " characters" : "'" + l.memory() + "'"));
            }
        }
        if (l.hourlyPrice() != null && !(l.hourlyPrice() > 0 && l.hourlyPrice() <= MAX_HOURLY)) {
            return Optional.of("spec.limits.hourlyPrice: expected dollars per hour above 0 and at most " + (long) MAX_HOURLY + ", got "
                    + l.hourlyPrice());
        }
        return Optional.empty();
    }
}
