package com.vpsie.autoscaler.simulation;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What a simulation measured. {@code pendingWaitSeconds}: how long pods waited for a node, each
 * pending spell counted (a pod still waiting at the end counts until the end); {@code nodeHours}
 * and {@code cost}: VPSie workers (provisioning ones included, as VPSie bills them) integrated
 * over time, priced at their size's hourly price; {@code vpsieCalls}: every call the simulator
 * served; {@code extraNodes}: workers added beyond what the plans asked for, plus workers left
 * with no Kubernetes Node at the end; {@code maxNodes}: the most workers at once;
 * {@code mostRemovedAtOnce}: the most workers gone between two ticks (what a disruption budget bounds).
 */
@Serdeable
public record Report(String scenario, double simulatedSeconds, Wait pendingWaitSeconds, double nodeHours, double cost, int vpsieCalls,
                     int extraNodes, int maxNodes, int finalNodes, int pendingPodsAtEnd, List<String> cordonedAtEnd,
                     List<String> orphanWorkersAtEnd, int decisions, int crashes, int mostRemovedAtOnce) {

    @Serdeable
    public record Wait(double p50, double p95, double max) {
    }

    /** One moment of the run, for the chart. */
    @Serdeable
    public record Sample(double seconds, int nodes, int pendingPods) {
    }
}
