package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.config.VpsieConfig;
import com.vpsie.autoscaler.limits.RequestBudget;
import com.vpsie.autoscaler.port.VpsiePort.Failure;
import com.vpsie.autoscaler.port.VpsiePort.VpsieException;
import io.micronaut.context.BeanContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.LoadBalancer;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every VPSie call goes through here: the request budget, the endpoint's breaker, the envelope
 * check ({@code "error":true} fails even with HTTP 200), metrics, and retries with backoff. It
 * knows how a call failed, never what the call was for; the client decides which failures of an
 * operation may be retried.
 */
@Singleton
public class VpsieTransport {
    private static final Logger LOG = LoggerFactory.getLogger(VpsieTransport.class);

    /** Which failures an operation may retry. */
    public enum Retry {
        /** Reads and removals: whatever VPSie did, doing it again is harmless. */
        ANY_TRANSIENT,
        /** Adds: only failures that prove nothing happened (429); the rest go back to the caller to find out. */
        ONLY_WHEN_NOT_DONE
    }

    /** A successful answer: the raw body, its envelope, and VPSie's request id. */
    public record Answer(int status, String body, Envelope envelope, String requestId) {
    }

    private final VpsieConfig config;
    /** Clients are made by the running context: HttpClient.create would start a second one (and its JSON mapper) for itself. */
    private final BeanContext beans;
    private final VpsieBaseUrl baseUrl;
    private final JsonMapper json;
    private final Clock clock;
    private final VpsieMetrics metrics;
    private final RequestBudget budget;
    private final Backoff backoff;
    private HttpClient http;

    public VpsieTransport(VpsieConfig config, VpsieBaseUrl baseUrl, JsonMapper json, Clock clock, VpsieMetrics metrics, BeanContext beans) {
        this.beans = beans;
        this.config = config;
        this.baseUrl = baseUrl;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
        this.budget = new RequestBudget(config.budgetPerMinute(), clock);
        this.backoff = new Backoff(config.retryBaseDelay(), config.retryMaxDelay(), new Random());
    }

    /**
     * Sends a call until it succeeds, fails in a way {@code retry} does not cover, or runs out of
     * attempts. {@code request} makes a fresh request for each attempt from the access token
     * ({@code null} for the login itself).
     */
    public Answer call(String operation, Retry retry, Function<String, MutableHttpRequest<?>> request, Supplier<String> token,
                       Runnable tokenRejected) {
        CircuitBreaker breaker = metrics.breaker(operation, () -> new CircuitBreaker(operation, config.breakerThreshold(),
                config.breakerOpenFor(), clock));
        for (int attempt = 1; ; attempt++) {
            Attempt a = once(operation, breaker, request, token, tokenRejected);
            if (a.answer() != null) {
                return a.answer();
            }
            VpsieException e = a.failure();
            boolean retryable = switch (e.failure()) {
                case RATE_LIMITED -> true;
                case UNREACHABLE, SERVER -> retry == Retry.ANY_TRANSIENT;
                default -> false;
            };
            if (!retryable || attempt >= config.retryAttempts()) {
                throw attempt > 1 && retryable ? new VpsieException(e.getMessage() + " (gave up after " + attempt + " attempts)",
                        e.status(), e.failure()) : e;
            }
            Duration wait = backoff.delay(attempt, a.retryAfter());
            if (wait.compareTo(config.retryMaxDelay()) > 0) {
                throw new VpsieException(e.getMessage() + "; VPSie asked to wait " + wait.toSeconds()
                        + " s (Retry-After), longer than vpsie.retry-max-delay " + config.retryMaxDelay().toSeconds() + " s",
                        e.status(), e.failure());
            }
            sleep(wait);
        }
    }

    /** One attempt's result: an answer, or a failure with the wait the server asked for. */
    private record Attempt(Answer answer, VpsieException failure, Duration retryAfter) {
    }

    private Attempt once(String operation, CircuitBreaker breaker, Function<String, MutableHttpRequest<?>> request,
                         Supplier<String> token, Runnable tokenRejected) {
        Duration wait = budget.take();
        if (!wait.isZero()) {
            if (wait.compareTo(config.budgetMaxWait()) > 0) {
                metrics.call(operation, "budget", null);
                return new Attempt(null, new VpsieException("VPSie " + operation + " not sent: the client-side request budget ("
                        + budget.perMinute() + "/min, vpsie.budget-per-minute) is spent for the next " + wait.toMillis() + " ms",
                        0, Failure.BUDGET), null);
            }
            sleep(wait);
            budget.take();
        }
        if (!breaker.allow()) {
            metrics.call(operation, "circuit_open", null);
            return new Attempt(null, new VpsieException("VPSie " + operation + " not sent: its circuit breaker is open after repeated"
                    + " server errors or timeouts; next probe at " + breaker.retryAt(), 0, Failure.CIRCUIT_OPEN), null);
        }
        long started = System.nanoTime();
        Raw raw = send(operation, request, token, tokenRejected);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (raw.unreachable() != null) {
            breaker.serverFailure();
            metrics.call(operation, "unreachable", took);
            metrics.unreachable(raw.unreachable());
            return failed(operation, raw, Failure.UNREACHABLE, "VPSie " + operation + " failed: " + raw.unreachable(), null);
        }
        Envelope envelope = envelope(raw.body());
        Failure failure = classify(raw.status(), envelope);
        if (failure == null) {
            breaker.success();
            metrics.answered();
            metrics.call(operation, "ok", took);
            return new Attempt(new Answer(raw.status(), raw.body(), envelope, raw.requestId()), null, null);
        }
        if (failure == Failure.SERVER) {
            breaker.serverFailure();
            metrics.unreachable("HTTP " + raw.status() + " from " + operation);
        } else {
            breaker.neutral();
            metrics.answered();
        }
        if (failure == Failure.QUOTA) {
            metrics.quotaExceeded(operation);
        }
        metrics.call(operation, outcome(failure), took);
        String what = "VPSie " + operation + " failed: HTTP " + raw.status()
                + (envelope.code() == null ? "" : ", code " + envelope.code())
                + (envelope.message() == null ? "" : ", " + envelope.message()) + suffix(raw.requestId());
        return failed(operation, raw, failure, what, failure == Failure.RATE_LIMITED ? raw.retryAfter() : null);
    }

    private static Attempt failed(String operation, Raw raw, Failure failure, String message, Duration retryAfter) {
        LOG.atWarn().addKeyValue("operation", operation).addKeyValue("outcome", failure).addKeyValue("status", raw.status())
                .addKeyValue("requestId", raw.requestId()).log(message);
        return new Attempt(null, new VpsieException(message, raw.status(), failure), retryAfter);
    }

    /** Wordings VPSie's own code treats as "the account cannot grow" (docs/vpsie-api.md, audit). */
    static final java.util.List<String> QUOTA_MESSAGES = java.util.List.of("exceeds the allowed limit", "quota",
            "plan does not allow", "maximum number of", "limit reached", "subscription does not allow");

    /** What a VPSie answer means; null for success. */
    static Failure classify(int status, Envelope envelope) {
        String message = envelope.message() == null ? "" : envelope.message().toLowerCase(Locale.ROOT);
        if (QUOTA_MESSAGES.stream().anyMatch(message::contains)) {
            return Failure.QUOTA;
        }
        if (status == 429) {
            return Failure.RATE_LIMITED;
        }
        if (status == 401 || status == 403) {
            return Failure.AUTH;
        }
        if (status >= 500 || (envelope.failed() && envelope.code() != null && envelope.code() >= 500)) {
            return Failure.SERVER;
        }
        if (status >= 300 || envelope.failed()) {
            return Failure.REJECTED;
        }
        return null;
    }

    private static String outcome(Failure f) {
        return switch (f) {
            case SERVER -> "server_error";
            case UNREACHABLE -> "unreachable";
            case RATE_LIMITED -> "rate_limited";
            case REJECTED -> "rejected";
            case QUOTA -> "quota";
            case CIRCUIT_OPEN -> "circuit_open";
            case BUDGET -> "budget";
            case AUTH -> "auth";
        };
    }

    private Envelope envelope(String body) {
        if (body == null || body.isBlank()) {
            return new Envelope(null, null, null, null);
        }
        try {
            return json.readValue(body, Envelope.class);
        } catch (IOException e) {
            // A proxy's HTML error page, say: the HTTP status alone decides.
            return new Envelope(null, null, "answer is not the VPSie envelope", null);
        }
    }

    /** An HTTP exchange reduced to what classification needs; {@code unreachable} set when no answer came. */
    private record Raw(int status, String body, String requestId, Duration retryAfter, String unreachable) {
    }

    private Raw send(String operation, Function<String, MutableHttpRequest<?>> request, Supplier<String> token, Runnable tokenRejected) {
        Raw raw = exchange(request.apply(token == null ? null : token.get()));
        if (token != null && raw.status() == 401) {
            // The token expired early or was revoked: log in again once, then send again.
            LOG.info("VPSie {} answered 401; logging in again", operation);
            tokenRejected.run();
            raw = exchange(request.apply(token.get()));
        }
        return raw;
    }

    private Raw exchange(MutableHttpRequest<?> request) {
        if (request.getContentType().isEmpty()) {
            request.contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        try {
            HttpResponse<String> ok = client().toBlocking().exchange(request, String.class);
            return new Raw(ok.code(), ok.body(), ok.getHeaders().get("X-Request-ID"), null, null);
        } catch (HttpClientResponseException e) {
            HttpResponse<?> failed = e.getResponse();
            return new Raw(failed.code(), failed.getBody(String.class).orElse(null), failed.getHeaders().get("X-Request-ID"),
                    retryAfter(failed.getHeaders().get("Retry-After")), null);
        } catch (ReadTimeoutException e) {
            return new Raw(0, null, null, null, "no answer within " + config.timeout().toMillis() + " ms (vpsie.timeout)");
        } catch (HttpClientException e) {
            return new Raw(0, null, null, null, e.getMessage());
        }
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    public String url(String path) {
        String base = baseUrl.get();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private synchronized HttpClient client() {
        if (http == null) {
            try {
                URI base = URI.create(baseUrl.get());
                DefaultHttpClientConfiguration cfg = new DefaultHttpClientConfiguration();
                cfg.setReadTimeout(config.timeout());
                cfg.setConnectTimeout(config.timeout());
                http = beans.createBean(HttpClient.class, LoadBalancer.fixed(new URL(base.getScheme() + "://" + base.getAuthority())), cfg);
            } catch (MalformedURLException | IllegalArgumentException | NullPointerException e) {
                throw new VpsieException("vpsie.base-url: expected an http(s) URL, got '" + baseUrl.get() + "'", 0, Failure.REJECTED);
            }
        }
        return http;
    }

    static String suffix(String requestId) {
        return requestId == null ? "" : ", X-Request-ID " + requestId;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VpsieException("interrupted while waiting to call VPSie again", 0, Failure.UNREACHABLE);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (http != null) {
            http.close();
        }
    }
}
