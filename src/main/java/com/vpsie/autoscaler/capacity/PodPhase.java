package com.vpsie.autoscaler.capacity;

import java.util.Locale;

/** A pod's {@code status.phase}, as Kubernetes spells its five values; "finished" is defined here once. */
public enum PodPhase {
    PENDING, RUNNING, SUCCEEDED, FAILED, UNKNOWN;

    /** The phase a pod's status names; none means Pending (the API server's default), an unknown word means Unknown. */
    public static PodPhase of(String wire) {
        if (wire == null) {
            return PENDING;
        }
        for (PodPhase p : values()) {
            if (p.wire().equals(wire)) {
                return p;
            }
        }
        return UNKNOWN;
    }

    /** Succeeded or Failed: its containers have stopped for good and hold nothing on their node. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** As Kubernetes writes it: {@code Pending}, {@code Running}, … */
    public String wire() {
        String lower = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
