package com.vpsie.autoscaler.reconcile;

import java.time.Duration;

/** Checks for configuration records: a bad setting fails start-up with the key, what was expected and what was given. */
public final class SettingChecks {
    private SettingChecks() {
    }

    public static Duration positive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": expected a duration above zero such as 30s or 5m, got " + d);
        }
        return d;
    }

    /** Above zero and at most {@code max}. */
    public static Duration positiveAtMost(Duration d, Duration max, String key) {
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + ": expected a duration from 1ms to " + DurationText.human(max) + " such as 10s, got " + d);
        }
        return d;
    }

    public static Duration notNegative(Duration d, String key) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(key + ": expected a duration of zero or more such as 0s or 250ms, got " + d);
        }
        return d;
    }

    public static int atLeast(int value, int min, String key) {
        if (value < min) {
            throw new IllegalArgumentException(key + ": expected " + min + " or more, got " + value);
        }
        return value;
    }
}
