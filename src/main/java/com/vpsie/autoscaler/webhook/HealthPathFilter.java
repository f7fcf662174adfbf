package com.vpsie.autoscaler.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Set;

/**
 * The health routes that exist are answered; any other {@code /health/*} is a plain 404, before
 * the framework reads the rest of the path as a health-check type and answers, to anyone, with its
 * own enum's name and the caller's input.
 */
@ServerFilter("/health/**")
public class HealthPathFilter implements Ordered {
    private static final Set<String> SERVED = Set.of("/health", "/health/", "/health/liveness", "/health/readiness");

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> check(HttpRequest<?> request) {
        if (SERVED.contains(request.getPath())) {
            return null;
        }
        return Problem.of(HttpStatus.NOT_FOUND, null, "no such route; the health routes are /health, /health/liveness and /health/readiness",
                null).response();
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 100;
    }
}
