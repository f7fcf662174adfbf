package com.vpsie.autoscaler.capacity;

import java.time.Duration;

/**
 * When a group's NotReady nodes are replaced ({@code spec.repair}): once NotReady for {@code after}
 * (null: never), and only while at most {@code maxUnhealthy} of its nodes are; more looks like an
 * outage (the network, the control plane), which replacing nodes would not mend.
 */
public record RepairPolicy(Duration after, int maxUnhealthy) {
    public static final RepairPolicy OFF = new RepairPolicy(null, 0);

    public boolean on() {
        return after != null;
    }
}
