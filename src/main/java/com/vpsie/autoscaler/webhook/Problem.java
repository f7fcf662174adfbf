package com.vpsie.autoscaler.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/** An RFC 9457 problem: what went wrong, and which field of the request it was about. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, @Nullable String field, @Nullable String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(HttpStatus status, @Nullable String field, String detail, @Nullable String instance) {
        return new Problem("about:blank", status.getReason(), status.getCode(), PlainWords.of(detail), field, instance);
    }

    public MutableHttpResponse<Problem> response() {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(status)).body(this).contentType(MEDIA_TYPE);
    }
}
