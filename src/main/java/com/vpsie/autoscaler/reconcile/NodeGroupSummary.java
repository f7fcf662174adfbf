package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A node group at a glance: bounds, size now, what is coming, the machine, the last scale times,
 * the workers of its VPSie cluster that no group's records claim (never removed; see README), the
 * open schedule window and the consolidation of its nodes under way; {@code invalidSpec}, when its
 * spec breaks a rule, the field and what is wrong (the group is skipped until it is fixed).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeGroupSummary(String name, int minNodes, int maxNodes, int currentNodes, int readyNodes, int provisioningNodes,
                               int desiredNodes, @Nullable Size size, @Nullable Instant lastScaleUpTime,
                               @Nullable Instant lastScaleDownTime, @Nullable NodeGroup.ManualTarget manualTarget,
                               @Nullable java.util.List<Worker> unattributedWorkers, @Nullable ActiveSchedule activeSchedule,
                               @Nullable NodeGroup.Replacement replacement, @Nullable String invalidSpec) {

    /** The {@code spec.schedules} entry whose window is open: the floor it sets and until when. */
    @Serdeable
    public record ActiveSchedule(String name, int minNodes, Instant until) {
    }

    @Serdeable
    /** The VPSie size of the group's nodes, and what one costs per hour (0 when VPSie gives no price). */
    public record Size(long vpsieNodeGroupId, int cpu, long ramMb, double hourlyPrice) {
    }

    /** A VPSie worker by VPSie's identifier (or id) and hostname. */
    @Serdeable
    public record Worker(@Nullable String identifier, @Nullable String hostname) {
    }

    static NodeGroupSummary of(NodeGroup g, ClusterView view, @Nullable VpsiePort.VpsieGroup vpsie, java.util.List<VpsiePort.VpsieNode> unattributed,
                               Instant now) {
        int current = (int) view.members(g.name());
        int ready = (int) view.nodes().stream().filter(n -> g.name().equals(n.nodeGroup()) && n.ready()).count();
        int provisioning = SnapshotBuilder.pendingProvisioning(g, view).size();
        String invalid = SpecRules.problem(g.spec()).map(Throwable::getMessage).orElse(null);
        return new NodeGroupSummary(g.name(), g.spec().min(), g.spec().max(), current, ready, provisioning,
                Math.max(g.status().desiredNodes(), current + provisioning),
                vpsie == null ? null : new Size(vpsie.id(), vpsie.cpu(), vpsie.ramMb(), vpsie.hourlyPrice()),
                g.status().lastScaleUpTime(), g.status().lastScaleDownTime(), g.status().manualTarget(),
                unattributed.stream().map(w -> new Worker(w.identifier(), w.hostname())).toList(), invalid != null ? null : activeSchedule(g, now),
                g.status().replacement(), invalid);
    }

    /** Of a valid spec only: an invalid one says so in invalidSpec, and a summary still answers. */
    private static ActiveSchedule activeSchedule(NodeGroup g, Instant now) {
        return ScheduledFloors.active(g.spec(), now).map(a -> new ActiveSchedule(a.name(), a.minNodes(), a.until())).orElse(null);
    }
}
