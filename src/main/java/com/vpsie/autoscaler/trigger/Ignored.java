package com.vpsie.autoscaler.trigger;

import io.micronaut.serde.annotation.Serdeable;

/** An item of a delivery that asked for nothing, and why. */
@Serdeable
public record Ignored(String item, String reason) {
    /** Items and reasons quote what callers sent (alert names, event reasons): cut to a size worth answering. */
    public Ignored {
        item = com.vpsie.autoscaler.limits.Bounded.text(item, 300);
        reason = com.vpsie.autoscaler.limits.Bounded.text(reason, 1_000);
    }
}
