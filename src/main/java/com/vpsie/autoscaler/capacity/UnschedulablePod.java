package com.vpsie.autoscaler.capacity;

/** A pending pod that no node group can host now, and why (per group). */
public record UnschedulablePod(String pod, String reason) {
}
