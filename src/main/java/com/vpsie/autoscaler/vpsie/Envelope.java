package com.vpsie.autoscaler.vpsie;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

/**
 * VPSie's answer wrapper. {@code "error":true} is a failure even when HTTP says 200. {@code data}
 * stays a tree until the caller says what it holds.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record Envelope(@Nullable Boolean error, @Nullable Integer code, @Nullable String message, @Nullable JsonNode data) {
    public boolean failed() {
        return Boolean.TRUE.equals(error);
    }
}
