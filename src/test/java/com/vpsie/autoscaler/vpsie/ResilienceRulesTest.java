package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.limits.RequestBudget;
import com.vpsie.autoscaler.port.VpsiePort.Failure;
import com.vpsie.autoscaler.simulation.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's small rules, each on its own: breaker, budget, backoff, and what an answer means. */
class ResilienceRulesTest {
    private final VirtualClock clock = new VirtualClock();

    @Test
    void breakerOpensAfterConsecutiveServerFailuresAndProbesOnceAfterItsTime() {
        CircuitBreaker b = new CircuitBreaker("list node groups", 3, Duration.ofSeconds(30), clock);
        b.serverFailure();
        b.serverFailure();
        b.success();
        b.serverFailure();
        b.serverFailure();
        assertThat(b.allow()).as("two failures after a success do not open it").isTrue();
        b.serverFailure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.allow()).isFalse();

        clock.advance(Duration.ofSeconds(30));
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(b.allow()).as("one probe").isTrue();
        assertThat(b.allow()).as("and only one").isFalse();
        b.serverFailure();
        assertThat(b.state()).as("a failed probe reopens it").isEqualTo(CircuitBreaker.State.OPEN);

        clock.advance(Duration.ofSeconds(30));
        assertThat(b.allow()).isTrue();
        b.success();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void clientErrorsAndRateLimitsDoNotOpenTheBreaker() {
        CircuitBreaker b = new CircuitBreaker("add worker", 2, Duration.ofSeconds(30), clock);
        for (int i = 0; i < 10; i++) {
            assertThat(b.allow()).isTrue();
            b.neutral();
        }
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void budgetGivesItsMinuteThenMakesCallersWaitForTheRefill() {
        RequestBudget budget = new RequestBudget(100, clock);
        for (int i = 0; i < 100; i++) {
            assertThat(budget.take()).isZero();
        }
        Duration wait = budget.take();
        assertThat(wait).isEqualTo(Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));
        assertThat(budget.take()).isZero();
        assertThat(budget.take()).isPositive();
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 100; i++) {
            assertThat(budget.take()).as("refilled, but never beyond one minute's worth").isZero();
        }
        assertThat(budget.take()).isPositive();
    }

    @Test
    void backoffDrawsBelowADoublingCeilingAndRetryAfterWins() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random(7));
        long maxSeenFirst = 0;
        long maxSeenFifth = 0;
        for (int i = 0; i < 2000; i++) {
            long first = backoff.delay(1, null).toMillis();
            long fifth = backoff.delay(5, null).toMillis();
            assertThat(first).isBetween(0L, 100L);
            assertThat(fifth).isBetween(0L, 1600L);
            maxSeenFirst = Math.max(maxSeenFirst, first);
            maxSeenFifth = Math.max(maxSeenFifth, fifth);
        }
        assertThat(maxSeenFifth).as("the ceiling doubles").isGreaterThan(maxSeenFirst * 4);
        assertThat(backoff.delay(12, null)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void whatAnAnswerMeans() {
        assertThat(VpsieTransport.classify(200, new Envelope(false, null, null, null))).isNull();
        assertThat(VpsieTransport.classify(200, new Envelope(true, 400, "Node not found", null))).isEqualTo(Failure.REJECTED);
        assertThat(VpsieTransport.classify(200, new Envelope(true, 500, "Something went wrong", null))).isEqualTo(Failure.SERVER);
        assertThat(VpsieTransport.classify(200, new Envelope(true, 400, "Server limit exceeds the allowed limit", null))).isEqualTo(Failure.QUOTA);
        assertThat(VpsieTransport.classify(403, new Envelope(true, 403, "Your quota of 10 servers is used", null))).isEqualTo(Failure.QUOTA);
        assertThat(VpsieTransport.classify(429, new Envelope(true, 429, "Too many requests", null))).isEqualTo(Failure.RATE_LIMITED);
        assertThat(VpsieTransport.classify(502, new Envelope(null, null, null, null))).isEqualTo(Failure.SERVER);
        assertThat(VpsieTransport.classify(401, new Envelope(true, 401, "Unauthorized", null))).isEqualTo(Failure.AUTH);
        assertThat(VpsieTransport.classify(404, new Envelope(null, null, null, null))).isEqualTo(Failure.REJECTED);
        assertThat(Failure.SERVER.ambiguous()).isTrue();
        assertThat(Failure.UNREACHABLE.ambiguous()).isTrue();
        assertThat(Failure.RATE_LIMITED.ambiguous()).isFalse();
        assertThat(Failure.QUOTA.ambiguous()).isFalse();
    }
}
