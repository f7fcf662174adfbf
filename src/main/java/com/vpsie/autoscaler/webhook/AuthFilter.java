package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.config.AuthConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Bearer tokens on every {@code /v1/**} and {@code /sandbox/**} route, and on any management endpoint
 * an operator turns on besides health ({@code /prometheus} only when {@code autoscaler.auth.open-prometheus}
 * is false). Missing → 401, wrong → 403.
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}: constant time, and
 * no length leak. The simulated VPSie API ({@code /sandbox/vpsie/auth}, {@code /sandbox/vpsie/k8s})
 * checks VPSie's own tokens instead, as the real one does.
 */
@ServerFilter({"/v1/**", "/sandbox/**", "/prometheus/**", "/metrics/**", "/threaddump/**", "/beans/**", "/routes/**", "/refresh/**",
        "/env/**", "/loggers/**", "/info/**", "/stop/**", "/caches/**"})
public class AuthFilter implements Ordered {
    private final List<byte[]> digests;
    private final boolean openHeartbeat;
    private final boolean openPrometheus;
    /** One budget per configured token, so one holder's flood cannot starve the others. */
    private final List<com.vpsie.autoscaler.limits.RequestBudget> budgets;

    public AuthFilter(AuthConfig config, java.time.Clock clock) {
        this.digests = config.tokens().stream().map(AuthFilter::digest).toList();
        this.budgets = config.tokens().stream().map(t -> new com.vpsie.autoscaler.limits.RequestBudget(config.mutationsPerMinute(), clock)).toList();
        this.openHeartbeat = config.openHeartbeat();
        this.openPrometheus = config.openPrometheus();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        if (openPrometheus && (path.equals("/prometheus") || path.startsWith("/prometheus/"))) {
            return null;
        }
        if (path.startsWith("/sandbox/vpsie/auth/") || path.startsWith("/sandbox/vpsie/k8s/")) {
            return null;
        }
        if (openHeartbeat && "/v1/reconcile".equals(path) && request.getMethod() == io.micronaut.http.HttpMethod.POST) {
            return null;
        }
        String header = request.getHeaders().getAuthorization().orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return Problem.of(HttpStatus.UNAUTHORIZED, "Authorization",
                    "expected header 'Authorization: Bearer <token>'" + (header == null ? ", none given" : ", given a different scheme"), path)
                    .response().header("WWW-Authenticate", "Bearer");
        }
        byte[] given = digest(header.substring(7).trim());
        int which = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), given)) {
                which = i;
            }
        }
        if (which < 0) {
            return Problem.of(HttpStatus.FORBIDDEN, "Authorization", "the bearer token is not one of autoscaler.auth.tokens", path).response();
        }
        if (request.getMethod() != io.micronaut.http.HttpMethod.GET && request.getMethod() != io.micronaut.http.HttpMethod.HEAD) {
            java.time.Duration wait = budgets.get(which).take();
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                return Problem.of(HttpStatus.TOO_MANY_REQUESTS, "Authorization", "this token sent more than "
                        + budgets.get(which).perMinute() + " mutating requests a minute (autoscaler.auth.mutations-per-minute); retry in "
                        + seconds + " s", path).response().header("Retry-After", Long.toString(seconds));
            }
        }
        return null;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 100;
    }
}
