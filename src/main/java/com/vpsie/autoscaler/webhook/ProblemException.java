package com.vpsie.autoscaler.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

/** A client mistake found by a controller: answered as a problem naming the field. */
public final class ProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String field;

    public ProblemException(HttpStatus status, @Nullable String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    public HttpStatus status() {
        return status;
    }

    @Nullable
    public String field() {
        return field;
    }
}
