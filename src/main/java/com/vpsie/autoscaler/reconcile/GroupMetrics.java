package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.GroupPlan;
import com.vpsie.autoscaler.port.ClusterPort;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Each node group's size as last planned, for dashboards and for the alerts in
 * infra/monitoring: {@code vpsie_autoscaler_nodegroup_nodes{nodegroup,state}} (current, desired,
 * provisioning, min, max), {@code vpsie_autoscaler_scale_down_candidates{nodegroup}},
 * {@code vpsie_autoscaler_nodegroup_hourly_price{nodegroup,state}} (what its nodes cost per hour in
 * dollars now, and as planned), {@code vpsie_autoscaler_provision_timeouts_total{nodegroup}} and
 * {@code vpsie_autoscaler_consolidation_savings_hourly_total{nodegroup}} (dollars per hour that
 * finished consolidations saved, summed).
 */
@Singleton
public class GroupMetrics {
    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> values = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> prices = new ConcurrentHashMap<>();

    public GroupMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void planned(NodeGroup g, GroupPlan p) {
        set(g.name(), "current", p.currentNodes());
        set(g.name(), "desired", p.desiredNodes());
        set(g.name(), "provisioning", p.provisioningNodes());
        set(g.name(), "min", g.spec().min());
        set(g.name(), "max", g.spec().max());
        value(g.name(), null).set(p.scaleDownCandidates().size());
        price(g.name(), "current").set(p.hourlyNow());
        price(g.name(), "planned").set(p.hourlyPlanned());
    }

    /** How many of the group's nodes are NotReady now ({@code vpsie_autoscaler_nodegroup_nodes{state="notready"}}). */
    public void notReady(String group, int count) {
        set(group, "notready", count);
    }

    /** How many of the group's nodes differ from a new node of it ({@code vpsie_autoscaler_nodegroup_nodes{state="drifted"}}). */
    public void drifted(String group, int count) {
        set(group, "drifted", count);
    }

    /**
     * What each cluster-wide limit leaves once the plan is carried out
     * ({@code vpsie_autoscaler_limit_headroom{limit}}: nodes, cores, memory bytes, dollars per hour);
     * 0 when it binds, negative when what runs is already past it.
     */
    public void limits(com.vpsie.autoscaler.capacity.Plan.Limited l) {
        if (l != null) {
            l.uses().forEach(u -> headroom(u.limit()).set(u.max() - u.planned()));
        }
    }

    private AtomicReference<Double> headroom(String limit) {
        return prices.computeIfAbsent("limit|" + limit, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(0.0);
            Gauge.builder("vpsie_autoscaler_limit_headroom", holder, AtomicReference::get)
                    .description("What an AutoscalerPolicy limit leaves once the plan is carried out (nodes, cores, memory bytes, dollars per hour)")
                    .tag("limit", limit).register(meters);
            return holder;
        });
    }

    /** A group on demand was made ({@code created}: its VPSie group) or removed ({@code deleted}). */
    public void groupOnDemand(String action) {
        meters.counter("vpsie_autoscaler_groups_on_demand_total", "action", action).increment();
    }

    /** A consolidation finished: what it saves per hour. */
    public void consolidationSaved(String group, double hourly) {
        meters.counter("vpsie_autoscaler_consolidation_savings_hourly_total", "nodegroup", group).increment(hourly);
    }

    private AtomicReference<Double> price(String group, String state) {
        return prices.computeIfAbsent(group + "|" + state, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(0.0);
            Gauge.builder("vpsie_autoscaler_nodegroup_hourly_price", holder, AtomicReference::get)
                    .description("What the group's nodes cost per hour in dollars (VPSie's price), now and as planned")
                    .tag("nodegroup", group).tag("state", state).register(meters);
            return holder;
        });
    }

    /** One answer of the Eviction API, by meaning ({@code evicted}, {@code gone}, {@code blocked}, {@code denied}, {@code retry}). */
    public void eviction(String group, ClusterPort.Eviction answer) {
        meters.counter("vpsie_autoscaler_evictions_total", "nodegroup", group, "outcome", answer.name().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    /** A drained node whose VPSie worker could not be identified, so it was neither removed nor deleted. */
    public void unidentifiedWorker(String group) {
        meters.counter("vpsie_autoscaler_unidentified_workers_total", "nodegroup", group).increment();
    }

    public void provisionTimeouts(String group, int count) {
        meters.counter("vpsie_autoscaler_provision_timeouts_total", "nodegroup", group).increment(count);
    }

    private void set(String group, String state, int v) {
        value(group, state).set(v);
    }

    /** The gauge's value holder, registered on first use; {@code state} null is the candidates gauge. */
    private AtomicInteger value(String group, String state) {
        return values.computeIfAbsent(group + "|" + state, k -> {
            AtomicInteger holder = new AtomicInteger();
            if (state == null) {
                Gauge.builder("vpsie_autoscaler_scale_down_candidates", holder, AtomicInteger::get)
                        .description("Nodes the planner could remove now, were it not for timers").tag("nodegroup", group).register(meters);
            } else {
                Gauge.builder("vpsie_autoscaler_nodegroup_nodes", holder, AtomicInteger::get)
                        .description("Node group size by state, as last planned").tag("nodegroup", group).tag("state", state).register(meters);
            }
            return holder;
        });
    }
}
