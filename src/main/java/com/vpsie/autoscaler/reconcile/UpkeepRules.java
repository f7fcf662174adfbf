package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Upkeep;
import com.vpsie.autoscaler.config.DurationText;
import com.vpsie.autoscaler.port.VpsiePort;

import java.time.Duration;

/**
 * How a group keeps its nodes healthy and current, read from its spec: {@code spec.repair} (see
 * {@link DisruptionBudgets#repair}), {@code spec.drift.enabled} (on by default), {@code spec.expireAfter}
 * (off by default; at least {@value #MIN_EXPIRY_MINUTES} minutes, so that nodes are not replaced
 * faster than they join) and {@code spec.disruption.forceAfter} (off by default; only with an
 * expiry). What a new node is now comes from the group's VPSie size and its cluster's version.
 */
final class UpkeepRules {
    static final int MIN_EXPIRY_MINUTES = 10;

    private UpkeepRules() {
    }

    /** Reads every setting as {@link #of} would: a bad field throws IllegalArgumentException naming it. */
    static void check(NodeGroup.Spec spec) {
        of(spec, 0, null);
    }

    /** @param size the group's nodes now; {@code vpsie}: its VPSie group, null when unknown (then nothing drifts by size or version) */
    static Upkeep of(NodeGroup.Spec spec, int size, VpsiePort.VpsieGroup vpsie) {
        boolean drift = spec.drift() == null || spec.drift().enabled() == null || spec.drift().enabled();
        Upkeep.Current now = !drift ? null : vpsie == null ? new Upkeep.Current(0, 0, null)
                : new Upkeep.Current(vpsie.cpu(), vpsie.ramMb(), vpsie.kubeVersion());
        Duration expire = off(spec.expireAfter()) ? null : DurationText.parse(spec.expireAfter().trim(), "spec.expireAfter");
        if (expire != null && expire.compareTo(Duration.ofMinutes(MIN_EXPIRY_MINUTES)) < 0) {
            throw new IllegalArgumentException("spec.expireAfter: expected at least " + MIN_EXPIRY_MINUTES + "m (or off), got '"
                    + spec.expireAfter() + "'");
        }
        String force = spec.disruption() == null ? null : spec.disruption().forceAfter();
        Duration forceAfter = off(force) ? null : DurationText.parse(force.trim(), "spec.disruption.forceAfter");
        if (forceAfter != null && expire == null) {
            throw new IllegalArgumentException("spec.disruption.forceAfter: expected only with spec.expireAfter (it counts from a node's"
                    + " expiry), got '" + force + "' without one");
        }
        return new Upkeep(DisruptionBudgets.repair(spec, size), now, expire, forceAfter);
    }

    private static boolean off(String text) {
        return text == null || "off".equals(text.trim()) || "Never".equals(text.trim());
    }
}
