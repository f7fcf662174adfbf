package com.vpsie.autoscaler.vpsie;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One VPSie endpoint's breaker. Consecutive server failures (5xx, timeouts, resets) open it; while
 * open, calls fail at once instead of adding load to a struggling API; after {@code openFor} one
 * probe goes through (half-open) and its outcome closes or reopens it. Client mistakes (4xx) and
 * rate limits say nothing about VPSie's health and are not counted.
 */
public final class CircuitBreaker {
    public enum State {
        CLOSED(0), HALF_OPEN(1), OPEN(2);

        /** The gauge's value: 0 closed, 1 half-open, 2 open. */
        public final int gauge;

        State(int gauge) {
            this.gauge = gauge;
        }
    }

    private final String endpoint;
    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private State state = State.CLOSED;
    private int failures;
    private Instant openedAt = Instant.MIN;
    private boolean probing;

    public CircuitBreaker(String endpoint, int threshold, Duration openFor, Clock clock) {
        this.endpoint = endpoint;
        this.threshold = Math.max(1, threshold);
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go out now; an open breaker whose time is up lets exactly one probe through. */
    public synchronized boolean allow() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            probing = false;
        }
        if (state == State.HALF_OPEN) {
            if (probing) {
                return false;
            }
            probing = true;
            return true;
        }
        return state == State.CLOSED;
    }

    public synchronized void success() {
        state = State.CLOSED;
        failures = 0;
        probing = false;
    }

    public synchronized void serverFailure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = clock.instant();
            probing = false;
        }
    }

    /** A call that went out and came back with an answer saying nothing of VPSie's health (4xx, 429). */
    public synchronized void neutral() {
        probing = false;
        if (state == State.HALF_OPEN) {
            state = State.CLOSED;
            failures = 0;
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** When the breaker lets a probe through, for error messages. */
    public synchronized Instant retryAt() {
        return openedAt.plus(openFor);
    }

    public String endpoint() {
        return endpoint;
    }
}
