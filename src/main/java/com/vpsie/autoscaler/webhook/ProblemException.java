package com.vpsie.autoscaler.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

/** A client mistake found by a controller: answered as a problem naming the field. */
public final class ProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String field;
    private final long retryAfterSeconds;

    public ProblemException(HttpStatus status, @Nullable String field, String detail) {
        this(status, field, detail, 0);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} when above zero: the request was fine, the server busy */
    public ProblemException(HttpStatus status, @Nullable String field, String detail, long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    @Nullable
    public String field() {
        return field;
    }
}
