package com.vpsie.autoscaler.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A client-side token bucket over every VPSie call: VPSie documents no rate limit, so the client
 * keeps itself well below whatever it is. Full at start; refilled evenly, {@code perMinute} a minute.
 */
public final class RequestBudget {
    private final int perMinute;
    private final Clock clock;
    private double tokens;
    private Instant last;

    public RequestBudget(int perMinute, Clock clock) {
        this.perMinute = Math.max(1, perMinute);
        this.clock = clock;
        this.tokens = this.perMinute;
        this.last = clock.instant();
    }

    /**
     * Takes one request's token if there is one.
     *
     * @return zero when taken, otherwise how long until one is there (nothing is taken then)
     */
    public synchronized Duration take() {
        Instant now = clock.instant();
        double refill = Duration.between(last, now).toNanos() / 60e9 * perMinute;
        tokens = Math.min(perMinute, tokens + Math.max(0, refill));
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) * 60e9 / perMinute));
    }

    public int perMinute() {
        return perMinute;
    }
}
