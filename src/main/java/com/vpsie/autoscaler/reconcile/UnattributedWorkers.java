package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.port.VpsiePort;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * VPSie workers that no record of ours attributes to a node group (added by hand, by another tool,
 * or an add of ours that showed up after we stopped waiting for it). They are never removed: what
 * is not provably ours is not ours to delete. They are shown instead, per VPSie cluster:
 * {@code GET /v1/nodegroups} ({@code unattributedWorkers}), the gauge
 * {@code vpsie_autoscaler_unattributed_workers{cluster}} (an alert rule fires on it), and one
 * Warning Event per worker.
 */
@Singleton
public class UnattributedWorkers {
    private final MeterRegistry meters;
    private final Map<String, List<VpsiePort.VpsieNode>> byCluster = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    public UnattributedWorkers(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Records what a cluster's garbage collection found unattributed now.
     *
     * @return the workers seen unattributed for the first time (each gets one Event)
     */
    public List<VpsiePort.VpsieNode> update(String clusterId, List<VpsiePort.VpsieNode> workers) {
        byCluster.put(clusterId, List.copyOf(workers));
        gauges.computeIfAbsent(clusterId, c -> {
            AtomicInteger holder = new AtomicInteger();
            Gauge.builder("vpsie_autoscaler_unattributed_workers", holder, AtomicInteger::get)
                    .description("VPSie workers no node group's records claim; never removed by the autoscaler")
                    .tag("cluster", c).register(meters);
            return holder;
        }).set(workers.size());
        Set<String> now = new HashSet<>();
        workers.forEach(w -> now.add(clusterId + "|" + w.identifier()));
        told.removeIf(k -> k.startsWith(clusterId + "|") && !now.contains(k));
        return workers.stream().filter(w -> told.add(clusterId + "|" + w.identifier())).toList();
    }

    /** The workers last found unattributed in a VPSie cluster. */
    public List<VpsiePort.VpsieNode> of(String clusterId) {
        return byCluster.getOrDefault(clusterId, List.of());
    }

    /** Whether a worker was already reported unattributed: it predates any add still waiting to be identified. */
    public boolean reported(String clusterId, VpsiePort.VpsieNode w) {
        return of(clusterId).stream().anyMatch(x -> x.identifier() != null && x.identifier().equals(w.identifier()));
    }
}
