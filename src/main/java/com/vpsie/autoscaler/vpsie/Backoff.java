package com.vpsie.autoscaler.vpsie;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (the wait is drawn uniformly below a ceiling that doubles
 * each attempt), so that many clients retrying after one VPSie hiccup do not return in step.
 * A server's {@code Retry-After} wins over the draw; the caller gives up rather than call earlier.
 */
public record Backoff(Duration base, Duration max, RandomGenerator random) {

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts (1-based). */
    public Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(20, Math.max(0, attempt - 1)));
        return Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
    }
}
