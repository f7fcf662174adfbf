package com.vpsie.autoscaler.capacity;

import java.util.Locale;

/** Why a node would be removed voluntarily, as disruption budgets name it ({@code spec.disruption.budgets[].reasons}). */
public enum DisruptionReason {
    /** Only DaemonSet and mirror pods run there. */
    EMPTY,
    /** Its pods fit on the other nodes and it is below the utilization threshold, or above a window's cap. */
    UNDERUTILIZED,
    /** Replaced by fewer or cheaper nodes. */
    CONSOLIDATION,
    DRIFTED,
    EXPIRED,
    UNHEALTHY;

    /** As the spec writes it: {@code Empty}, {@code Underutilized}, … */
    public String wire() {
        String lower = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    /** The reason the spec names, or null when it names none of these. */
    public static DisruptionReason of(String wire) {
        for (DisruptionReason r : values()) {
            if (r.wire().equals(wire)) {
                return r;
            }
        }
        return null;
    }
}
