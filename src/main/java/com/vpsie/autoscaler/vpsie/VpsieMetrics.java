package com.vpsie.autoscaler.vpsie;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the VPSie client tells Prometheus and the health endpoint: calls by operation and outcome,
 * their latency, each endpoint's breaker, and whether VPSie answered the last time it was asked.
 * Health reads this record and never calls VPSie itself: a probe that calls VPSie turns a VPSie
 * outage into restarts of the autoscaler.
 */
@Singleton
public class VpsieMetrics {
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private volatile Instant lastAnswer;
    private volatile Instant lastUnreachable;
    private volatile String lastProblem;

    public VpsieMetrics(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** One call's outcome: {@code ok}, {@code server_error}, {@code unreachable}, {@code rate_limited}, … */
    public void call(String operation, String outcome, Duration took) {
        meters.counter("vpsie_autoscaler_vpsie_requests_total", "operation", operation, "outcome", outcome).increment();
        if (took != null) {
            Timer.builder("vpsie_autoscaler_vpsie_request_seconds").tag("operation", operation)
                    .publishPercentileHistogram().register(meters).record(took);
        }
    }

    public void quotaExceeded(String operation) {
        meters.counter("vpsie_autoscaler_vpsie_quota_exceeded_total", "operation", operation).increment();
    }

    void answered() {
        lastAnswer = clock.instant();
    }

    void unreachable(String problem) {
        lastUnreachable = clock.instant();
        lastProblem = problem;
    }

    /** Registers an endpoint's breaker for the gauge and the health endpoint (once per endpoint). */
    CircuitBreaker breaker(String endpoint, java.util.function.Supplier<CircuitBreaker> make) {
        return breakers.computeIfAbsent(endpoint, e -> {
            CircuitBreaker b = make.get();
            Gauge.builder("vpsie_autoscaler_vpsie_breaker_state", b, x -> x.state().gauge)
                    .description("VPSie endpoint circuit breaker: 0 closed, 1 half-open, 2 open")
                    .tag("operation", e).register(meters);
            return b;
        });
    }

    /** The last known state, for health: no VPSie call is made to answer it. */
    public Reachability reachability() {
        Map<String, String> states = new TreeMap<>();
        breakers.forEach((e, b) -> states.put(e, b.state().name()));
        Instant ok = lastAnswer;
        Instant bad = lastUnreachable;
        Boolean reachable = ok == null && bad == null ? null : bad == null || (ok != null && ok.isAfter(bad));
        return new Reachability(reachable, ok, bad, bad == null ? null : lastProblem, states);
    }

    /** {@code reachable} is null until the first call. */
    public record Reachability(Boolean reachable, Instant lastAnswer, Instant lastUnreachable, String lastProblem,
                               Map<String, String> breakers) {
        public boolean anyOpen() {
            return breakers.values().stream().anyMatch(s -> !s.equals(CircuitBreaker.State.CLOSED.name()));
        }
    }
}
