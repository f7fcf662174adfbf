package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Upkeep;
import com.vpsie.autoscaler.config.DurationText;
import com.vpsie.autoscaler.port.VpsiePort;

import java.time.Duration;

/**
 * How a group keeps its nodes healthy and current, read from its spec: {@code spec.repair} (see
 * {@link DisruptionBudgets#repair}), {@code spec.drift.enabled} (on by default), {@code spec.expireAfter}
 * (off by default, also as {@code off}, {@code Never} or {@code 0}; at least {@value #MIN_EXPIRY_MINUTES}
 * minutes, so that nodes are not replaced faster than they join) and {@code spec.disruption.forceAfter} (off by default; only with an
 * expiry). What a new node is now comes from the group's VPSie size and its cluster's version.
 */
final class UpkeepRules {
    static final int MIN_EXPIRY_MINUTES = 10;
    /** The CRD's maxLength on these durations. */
    static final int MAX_TEXT = 32;

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
        Duration expire = off(spec.expireAfter(), "spec.expireAfter") ? null : DurationText.parse(spec.expireAfter().trim(), "spec.expireAfter");
        if (expire != null && expire.compareTo(Duration.ofMinutes(MIN_EXPIRY_MINUTES)) < 0) {
            throw new IllegalArgumentException("spec.expireAfter: expected at least " + MIN_EXPIRY_MINUTES + "m (or off), got '"
                    + spec.expireAfter() + "'");
        }
        String force = spec.disruption() == null ? null : spec.disruption().forceAfter();
        Duration forceAfter = off(force, "spec.disruption.forceAfter") ? null : DurationText.parse(force.trim(), "spec.disruption.forceAfter");
        if (forceAfter != null && expire == null) {
            throw new IllegalArgumentException("spec.disruption.forceAfter: expected only with spec.expireAfter (it counts from a node's"
                    + " expiry), got '" + force + "' without one");
        }
        return new Upkeep(DisruptionBudgets.repair(spec, size), now, expire, forceAfter);
    }

    /** Whether a duration field is off: left out, {@code off}, {@code Never} (Karpenter's word) or {@code 0}; longer than the CRD allows is refused. */
    private static boolean off(String text, String field) {
        if (text != null && text.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + ": expected a duration of at most " + MAX_TEXT + " characters such as 720h, got "
                    + text.length() + " characters");
        }
        String t = text == null ? null : text.trim();
        return t == null || "off".equalsIgnoreCase(t) || "never".equalsIgnoreCase(t) || "0".equals(t);
    }
}
