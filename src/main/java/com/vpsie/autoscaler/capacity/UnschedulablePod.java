package com.vpsie.autoscaler.capacity;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** A pending pod that no node group can host now, and each group's reason (none: no groups are managed). */
public record UnschedulablePod(String pod, Map<String, Rejection> byGroup) {
    public UnschedulablePod {
        byGroup = Map.copyOf(byGroup);
    }

    /** The operator's sentence: each group's reason, in group order. */
    public String reason() {
        if (byGroup.isEmpty()) {
            return "no node groups are managed";
        }
        StringJoiner j = new StringJoiner("; ");
        new TreeMap<>(byGroup).forEach((g, r) -> j.add("group " + g + ": " + r.message()));
        return j.toString();
    }
}
