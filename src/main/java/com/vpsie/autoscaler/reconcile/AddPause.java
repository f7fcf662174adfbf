package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.config.DurationText;
import com.vpsie.autoscaler.config.ReconcileConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When adds to a group wait although the plan wants nodes, as pure functions of the group, the
 * time and the settings: the group's {@code scaleUp.cooldown} since its last scale-up; its workers
 * did not join in time (exponential backoff); or VPSie said the account cannot grow, and asking
 * before {@code quota-backoff} or a manual action only repeats the refusal.
 */
public final class AddPause {
    static final String QUOTA_EXCEEDED = "QuotaExceeded";

    private AddPause() {
    }

    /** Why adds wait now, or empty when they may go. */
    public static Optional<String> why(NodeGroup g, Instant now, ReconcileConfig config) {
        NodeGroup.ScaleUp up = g.spec().scaleUp();
        if (up != null && up.cooldown() != null && g.status().lastScaleUpTime() != null) {
            Instant until = g.status().lastScaleUpTime().plus(cooldown(up));
            if (now.isBefore(until)) {
                return Optional.of("adds paused: scaleUp.cooldown " + up.cooldown() + " since the last scale-up, until " + until);
            }
        }
        NodeGroup.ScaleUpBackoff b = g.status().scaleUpBackoff();
        if (b != null && now.isBefore(b.until())) {
            return Optional.of("adds paused: " + b.failures() + " provision timeout(s) in a row; backing off until " + b.until());
        }
        return g.status().condition(QUOTA_EXCEEDED).filter(NodeGroup.Condition::isTrue)
                .filter(c -> c.lastTransitionTime() == null || now.isBefore(c.lastTransitionTime().plus(config.quotaBackoff())))
                .map(c -> "adds paused: VPSie quota exceeded at " + c.lastTransitionTime() + " (" + c.message() + "); until "
                        + (c.lastTransitionTime() == null ? "a manual action" : c.lastTransitionTime().plus(config.quotaBackoff())
                        + " (autoscaler.reconcile.quota-backoff) or a manual POST /v1/scale"));
    }

    /**
     * The backoff status carries after this reconcile: one more failure (and a doubled pause, up to
     * {@code backoff-max}) when workers expired now, cleared when a worker joined, unchanged otherwise.
     */
    public static NodeGroup.ScaleUpBackoff backoff(NodeGroup g, int joined, boolean timedOut, Instant now, ReconcileConfig config) {
        NodeGroup.ScaleUpBackoff b = g.status().scaleUpBackoff();
        if (timedOut) {
            int failures = (b == null ? 0 : b.failures()) + 1;
            Duration pause = config.backoffBase().multipliedBy(1L << Math.min(20, failures - 1));
            return new NodeGroup.ScaleUpBackoff(failures, now.plus(pause.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : pause));
        }
        return joined > 0 ? null : b;
    }

    /** Read only after {@link SpecRules} found the spec valid. */
    private static Duration cooldown(NodeGroup.ScaleUp up) {
        return DurationText.parse(up.cooldown(), "spec.scaleUp.cooldown");
    }
}
