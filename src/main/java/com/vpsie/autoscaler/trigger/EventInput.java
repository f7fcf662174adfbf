package com.vpsie.autoscaler.trigger;

import io.micronaut.core.annotation.Nullable;

/**
 * One Kubernetes Event as the interpreter needs it. {@code time} is the newest of
 * {@code eventTime}, {@code lastTimestamp} and {@code firstTimestamp} that is set, as sent.
 */
public record EventInput(@Nullable String reason, @Nullable String objectKind, @Nullable String objectNamespace,
                         @Nullable String objectName, @Nullable String time, @Nullable String message) {
}
