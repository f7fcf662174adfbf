package com.vpsie.autoscaler.trigger;

import io.micronaut.core.annotation.Nullable;

/** "Look again at this node group" (or at every group, when {@code nodeGroup} is null), and what said so. */
public record Trigger(@Nullable String nodeGroup, String source) {
}
