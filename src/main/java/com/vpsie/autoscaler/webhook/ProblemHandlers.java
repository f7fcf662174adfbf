package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.reconcile.ManualScaler;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/** Every error the server answers is {@code application/problem+json}. */
public final class ProblemHandlers {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProblemHandlers.class);

    private ProblemHandlers() {
    }

    /** Micronaut's own errors (no route, wrong media type, bad JSON, constraint violations) as problems. */
    @Singleton
    @Primary
    @Replaces(ErrorResponseProcessor.class)
    public static class Processor implements ErrorResponseProcessor<Problem> {
        @Override
        public MutableHttpResponse<Problem> processResponse(ErrorContext ctx, MutableHttpResponse<?> base) {
            HttpStatus status = base.getStatus();
            // A request the decoder refused (headers or request line over micronaut.server.netty.max-header-size) reaches here
            // as a bare 413 on a request with no headers at all, which no HTTP/1.1 client sends (Host is required); RFC 6585 says 431.
            boolean headersTooLarge = status == HttpStatus.REQUEST_ENTITY_TOO_LARGE && ctx.getRootCause().isEmpty()
                    && ctx.getRequest().getHeaders().names().isEmpty();
            if (headersTooLarge) {
                return base.status(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE).body(Problem.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        null, "the request's headers (or its request line) are over the server's limit", ctx.getRequest().getPath()))
                        .contentType(Problem.MEDIA_TYPE);
            }
            if (status.getCode() >= 500) {
                // A bug's message names our classes and fields: it goes to the log, the caller gets an id to quote.
                String id = java.util.UUID.randomUUID().toString().substring(0, 8);
                LOG.error("internal error {} on {} {}", id, ctx.getRequest().getMethodName(), ctx.getRequest().getPath(),
                        ctx.getRootCause().orElse(null));
                return base.body(Problem.of(status, null, status.getReason() + ": an internal error; the function's log has it as " + id,
                        ctx.getRequest().getPath())).contentType(Problem.MEDIA_TYPE);
            }
            String detail = ctx.getErrors().isEmpty() ? status.getReason()
                    : ctx.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
            String field = ctx.getErrors().stream().map(Error::getPath).flatMap(java.util.Optional::stream).findFirst()
                    .map(p -> p.replaceFirst("^[^.]*\\.(request|body)\\.?", "")).filter(p -> !p.isEmpty())
                    // "/scenario", "/request": the name of a controller's argument, not of anything the caller sent.
                    .map(p -> p.startsWith("/") ? "body" : p).orElse(null);
            Problem p = Problem.of(status, field, detail, ctx.getRequest().getPath());
            return base.body(p).contentType(Problem.MEDIA_TYPE);
        }
    }

    @Singleton
    public static class Explicit implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ProblemException e) {
            MutableHttpResponse<Problem> r = Problem.of(e.status(), e.field(), e.getMessage(), request.getPath()).response();
            return e.retryAfterSeconds() > 0 ? r.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds())) : r;
        }
    }

    /** A refused manual scale: nothing was done; each reason its status (an action in flight says when to try again). */
    @Singleton
    public static class ManualRefusal implements ExceptionHandler<ManualScaler.Refusal, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ManualScaler.Refusal e) {
            HttpStatus status = switch (e.reason()) {
                case UNKNOWN_GROUP -> HttpStatus.NOT_FOUND;
                case INVALID_GROUP, OUT_OF_BOUNDS -> HttpStatus.UNPROCESSABLE_ENTITY;
                case IN_FLIGHT -> HttpStatus.CONFLICT;
            };
            MutableHttpResponse<Problem> r = Problem.of(status, e.field(), e.getMessage(), request.getPath()).response();
            return e.reason() == ManualScaler.Refused.IN_FLIGHT ? r.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, "5") : r;
        }
    }

    /** The Kubernetes API could not be reached or refused: not the caller's fault, and worth retrying (Alertmanager does). */
    @Singleton
    public static class ClusterUnavailable implements ExceptionHandler<com.vpsie.autoscaler.port.ClusterPort.ClusterException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, com.vpsie.autoscaler.port.ClusterPort.ClusterException e) {
            return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, null, "Kubernetes API: " + e.getMessage(), request.getPath()).response();
        }
    }
}
