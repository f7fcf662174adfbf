package com.vpsie.autoscaler.trigger;

import io.micronaut.serde.annotation.Serdeable;

/** An item of a delivery that asked for nothing, and why. */
@Serdeable
public record Ignored(String item, String reason) {
}
