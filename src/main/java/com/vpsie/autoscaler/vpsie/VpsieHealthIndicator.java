package com.vpsie.autoscaler.vpsie;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * VPSie in {@code /health} and {@code /health/readiness}, from what the last calls saw; it never
 * calls VPSie. An unreachable VPSie or an open breaker reports {@code DEGRADED}, which is still
 * operational (HTTP 200): the function keeps taking triggers, planning and writing status, and a
 * VPSie outage must not get it restarted or taken out of its Service.
 */
@Singleton
@Readiness
public class VpsieHealthIndicator implements HealthIndicator {
    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED", "VPSie unreachable or a breaker open", true, null);

    private final VpsieMetrics metrics;

    public VpsieHealthIndicator(VpsieMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        VpsieMetrics.Reachability r = metrics.reachability();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reachable", r.reachable() == null ? "unknown (not called yet)" : r.reachable());
        if (r.lastAnswer() != null) {
            details.put("lastAnswer", r.lastAnswer().toString());
        }
        if (r.lastUnreachable() != null) {
            details.put("lastUnreachable", r.lastUnreachable().toString());
            details.put("lastProblem", r.lastProblem());
        }
        details.put("breakers", r.breakers());
        HealthStatus status = Boolean.FALSE.equals(r.reachable()) || r.anyOpen() ? DEGRADED : HealthStatus.UP;
        return Publishers.just(HealthResult.builder("vpsie", status).details(details).build());
    }
}
