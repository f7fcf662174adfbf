package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.ClusterSnapshot;
import com.vpsie.autoscaler.capacity.GroupTemplate;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.capacity.Taint;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a cluster read plus VPSie sizes into the planner's input. A group's new-node template is
 * the allocatable of one of its Ready nodes when there is one (what kubelet really reports), else
 * its VPSie size minus the configured reservation.
 */
@Singleton
public class SnapshotBuilder {
    private final TemplateConfig templateConfig;
    private final ReconcileConfig reconcileConfig;

    public SnapshotBuilder(TemplateConfig templateConfig, ReconcileConfig reconcileConfig) {
        this.templateConfig = templateConfig;
        this.reconcileConfig = reconcileConfig;
    }

    /**
     * @param sizeOf the VPSie group behind a NodeGroup, empty when VPSie does not know it
     * @param skipped collects the groups left out, with why
     */
    public ClusterSnapshot build(ClusterView view, Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizeOf, Instant now,
                                 Map<String, String> skipped) {
        List<GroupTemplate> templates = new ArrayList<>();
        for (NodeGroup g : view.nodeGroups()) {
            Optional<Resources> allocatable = view.nodes().stream()
                    .filter(n -> g.name().equals(n.nodeGroup()) && n.ready())
                    .map(Node::allocatable).findFirst()
                    .or(() -> sizeOf.apply(g).map(v -> templateConfig.allocatableOf(v.cpu(), v.ramMb())));
            if (allocatable.isEmpty()) {
                skipped.put(g.name(), "VPSie node group " + (g.spec().vpsie() == null ? "(spec.vpsie missing)" : g.spec().vpsie().nodeGroupId())
                        + " not found in cluster " + (g.spec().vpsie() == null ? "?" : g.spec().vpsie().clusterId()));
                continue;
            }
            templates.add(new GroupTemplate(g.name(), g.spec().min(), g.spec().max(), floor(g, now),
                    g.spec().maxNodesPerStep(reconcileConfig.getMaxNodesPerStep()),
                    g.spec().labels(), taints(g), allocatable.get(), pendingProvisioning(g, view).size() - expired(g, view, now).size()));
        }
        return new ClusterSnapshot(view.nodes(), view.pods(), templates);
    }

    /** Provisioning entries whose node has not yet joined as a Ready Kubernetes Node. */
    public static List<NodeGroup.Provisioning> pendingProvisioning(NodeGroup g, ClusterView view) {
        return g.status().provisioningOrEmpty().stream()
                .filter(p -> p.hostname() == null || view.nodes().stream().noneMatch(n -> n.ready() && n.name().equals(p.hostname())))
                .toList();
    }

    /** Entries still pending whose node has not joined within the provision time: no longer counted as coming. */
    public List<NodeGroup.Provisioning> expired(NodeGroup g, ClusterView view, Instant now) {
        Instant deadline = now.minus(reconcileConfig.getMaxNodeProvisionTime());
        return pendingProvisioning(g, view).stream().filter(p -> !p.requestedAt().isAfter(deadline)).toList();
    }

    static int floor(NodeGroup g, Instant now) {
        NodeGroup.ManualTarget manual = g.status().manualTarget();
        if (manual != null && manual.until() != null && now.isBefore(manual.until())) {
            return Math.max(g.spec().min(), manual.nodes());
        }
        return g.spec().min();
    }

    private static List<Taint> taints(NodeGroup g) {
        return g.spec().taints().stream().map(t -> new Taint(t.key(), t.value(), t.effect())).toList();
    }
}
