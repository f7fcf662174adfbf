package com.vpsie.autoscaler.trigger;

import java.util.Map;

/** One alert of an Alertmanager delivery, as the interpreter needs it. */
public record AlertInput(String status, Map<String, String> labels, String fingerprint) {
}
