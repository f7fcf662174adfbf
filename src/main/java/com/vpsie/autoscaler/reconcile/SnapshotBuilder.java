package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.ClusterSnapshot;
import com.vpsie.autoscaler.capacity.ConsolidationPolicy;
import com.vpsie.autoscaler.capacity.DisruptionReason;
import com.vpsie.autoscaler.capacity.GroupTemplate;
import com.vpsie.autoscaler.capacity.Headroom;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Replacement;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.capacity.ScaleDownPolicy;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.config.DurationText;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.config.TemplateConfig;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a cluster read plus VPSie sizes and prices into the planner's input. A group's new-node
 * template is the allocatable of one of its Ready nodes when there is one (what kubelet really
 * reports), else its VPSie size minus the configured reservation, plus any
 * {@code spec.template.resources} (such as GPUs VPSie's size does not mention).
 */
@Singleton
public class SnapshotBuilder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotBuilder.class);
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
                                 Map<String, PlanView.Skipped> skipped) {
        List<GroupTemplate> templates = new ArrayList<>();
        for (NodeGroup g : view.nodeGroups()) {
            Optional<Resources> allocatable = view.nodes().stream()
                    .filter(n -> g.name().equals(n.nodeGroup()) && n.ready())
                    .map(Node::allocatable).findFirst();
            try {
                Optional<ReconcileFailure.InvalidSpec> invalid = SpecRules.problem(g.spec());
                if (invalid.isPresent()) {
                    skipped.put(g.name(), new PlanView.Skipped(Decision.Outcome.INVALID_SPEC, "invalid NodeGroup, skipped until fixed: "
                            + invalid.get().getMessage()));
                    continue;
                }
                if (g.spec().vpsie().nodeGroupId() == null) {
                    skipped.put(g.name(), new PlanView.Skipped(Decision.Outcome.GROUP_CREATING, "its VPSie group of size "
                            + g.spec().vpsie().sizeId() + " is being created; it is planned for once VPSie has it"));
                    continue;
                }
                Optional<VpsiePort.VpsieGroup> size;
                try {
                    size = sizeOf.apply(g);
                } catch (VpsiePort.VpsieException e) {
                    // One VPSie cluster that cannot be read (unknown, refused, down) leaves only its groups out of the plan.
                    skipped.put(g.name(), new PlanView.Skipped(Decision.Outcome.VPSIE_FAILED, "VPSie could not say the size of node group "
                            + g.spec().vpsie().nodeGroupId() + " in cluster " + g.spec().vpsie().clusterId() + ": " + e.getMessage()));
                    continue;
                }
                if (allocatable.isEmpty() && size.isPresent()) {
                    allocatable = Optional.of(templateConfig.allocatableOf(size.get().cpu(), size.get().ramMb())
                            .plus(Resources.fromQuantities(g.spec().extraResources())));
                }
                if (allocatable.isEmpty()) {
                    skipped.put(g.name(), new PlanView.Skipped(Decision.Outcome.VPSIE_GROUP_NOT_FOUND, "VPSie node group "
                            + g.spec().vpsie().nodeGroupId() + " not found in cluster " + g.spec().vpsie().clusterId()));
                    continue;
                }
                Floor floor = floor(g, view, now);
                templates.add(GroupTemplate.of(g.name(), g.spec().min(), g.spec().max(), g.spec().labels(), taints(g), allocatable.get())
                        .withCaps(floor.nodes(), g.spec().maxNodesPerStep(reconcileConfig.maxNodesPerStep()),
                                pendingProvisioning(g, view).size() - expired(g, view, now).size())
                        .withCost(g.spec().priority() == null ? 0 : g.spec().priority(), size.map(VpsiePort.VpsieGroup::hourlyPrice).orElse(0.0))
                        .withScaleDown(scaleDownPolicy(g.spec().scaleDown()), g.status().lastScaleUpTime(),
                                g.status().unneededSince())
                        .withHeadroom(headroom(g.spec()))
                        .withFloorSource(floor.source())
                        .withDisruption(DisruptionBudgets.of(g, (int) view.members(g.name()), now))
                        .withUpkeep(UpkeepRules.of(g.spec(), (int) view.members(g.name()), size.orElse(null)))
                        .withMachine(size.map(v -> new GroupTemplate.Machine(v.cpu(), v.ramMb())).orElse(GroupTemplate.Machine.UNKNOWN))
                        .withReplacing(underway(g.status().replacement())));
            } catch (RuntimeException e) {
                // A bug met on one group's values: that group is skipped, the others are planned, and the log has the trace.
                String id = java.util.UUID.randomUUID().toString().substring(0, 8);
                LOG.error("NodeGroup {} could not be read into the plan (error {})", g.name(), id, e);
                skipped.put(g.name(), new PlanView.Skipped(Decision.Outcome.INTERNAL_ERROR,
                        "skipped: an internal error reading this NodeGroup; the function's log has it as " + id));
            }
        }
        return new ClusterSnapshot(view.nodes(), view.pods(), templates, view.pdbs(), view.daemonSets());
    }

    /** The groups the policy may have created for pods no group can host, as the planner proposes them. */
    public com.vpsie.autoscaler.capacity.AutoProvisioning newGroups(com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy policy, ClusterView view,
                                                                    Function<String, List<VpsiePort.VpsieSize>> offers, String datacenter) {
        return NewGroups.of(policy, view, offers, datacenter, templateConfig);
    }

    /** {@code spec.headroom[]}: each shape's replicas and requests; a bad value names its field. */
    static List<Headroom> headroom(NodeGroup.Spec spec) {
        List<Headroom> out = new ArrayList<>();
        for (int i = 0; i < spec.headroomOrEmpty().size(); i++) {
            NodeGroup.Headroom h = spec.headroomOrEmpty().get(i);
            String at = "spec.headroom[" + i + "]";
            if (h == null || h.replicas() == null) {
                throw new IllegalArgumentException(at + ".replicas: expected a number of pods, got none");
            }
            Map<String, String> requests = new LinkedHashMap<>();
            requests.put("cpu", h.cpu() == null ? "0" : h.cpu());
            requests.put("memory", h.memory() == null ? "0" : h.memory());
            try {
                out.add(new Headroom(h.replicas(), Resources.fromQuantities(requests)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "." + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The group's scale-down settings over the Cluster Autoscaler's defaults; bad values name their field. */
    static ScaleDownPolicy scaleDownPolicy(NodeGroup.ScaleDown s) {
        ScaleDownPolicy d = ScaleDownPolicy.DEFAULT;
        if (s == null) {
            return d;
        }
        Duration unneeded = s.unneededTime() == null ? d.unneededTime() : DurationText.parse(s.unneededTime(), "spec.scaleDown.unneededTime");
        Duration delay = s.delayAfterScaleUp() == null ? d.delayAfterScaleUp()
                : DurationText.parse(s.delayAfterScaleUp(), "spec.scaleDown.delayAfterScaleUp");
        int step = s.maxNodesPerStep() == null ? d.maxNodesPerStep() : s.maxNodesPerStep();
        if (step < 1) {
            throw new IllegalArgumentException("spec.scaleDown.maxNodesPerStep: expected >= 1, got " + step);
        }
        return new ScaleDownPolicy(s.enabled() == null ? d.enabled() : s.enabled(),
                s.utilizationThreshold() == null ? d.utilizationThreshold() : s.utilizationThreshold(), unneeded, delay, step,
                consolidation(s.consolidation()));
    }

    /** {@code spec.scaleDown.consolidation} over its defaults (off, 20%, one node per step); a bad value names its field. */
    static ConsolidationPolicy consolidation(NodeGroup.Consolidation c) {
        ConsolidationPolicy d = ConsolidationPolicy.OFF;
        if (c == null) {
            return d;
        }
        ConsolidationPolicy.Policy policy = c.policy() == null ? ConsolidationPolicy.Policy.REPLACE : ConsolidationPolicy.Policy.of(c.policy());
        if (policy == null) {
            throw new IllegalArgumentException("spec.scaleDown.consolidation.policy: expected WhenEmpty or WhenEmptyOrUnderutilized"
                    + " (or none: replacements only), got '" + c.policy() + "'");
        }
        try {
            return new ConsolidationPolicy(c.enabled() == null ? d.enabled() : c.enabled(),
                    c.minSavingsPercent() == null ? d.minSavingsPercent() : c.minSavingsPercent(),
                    c.maxNodesPerStep() == null ? d.maxNodesPerStep() : c.maxNodesPerStep(), policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec." + e.getMessage(), e);
        }
    }

    private static Replacement.Underway underway(NodeGroup.Replacement r) {
        return r == null ? null : new Replacement.Underway(r.nodes(), r.byGroup(), r.newNodes(), r.baselineOrEmpty(), r.hourlyBefore(),
                r.hourlyAfter(), DisruptionReason.of(r.reasonOrConsolidation()));
    }

    /** Provisioning entries whose node has not yet joined as a Ready Kubernetes Node. */
    public static List<NodeGroup.Provisioning> pendingProvisioning(NodeGroup g, ClusterView view) {
        return g.status().provisioningOrEmpty().stream()
                .filter(p -> p.hostname() == null || view.nodes().stream().noneMatch(n -> n.ready() && n.name().equalsIgnoreCase(p.hostname())))
                .toList();
    }

    /** How long a new node may take to join before it is no longer counted as coming ({@code max-node-provision-time}). */
    public Duration provisionTime() {
        return reconcileConfig.maxNodeProvisionTime();
    }

    /** Entries still pending whose node has not joined within the provision time: no longer counted as coming. */
    public List<NodeGroup.Provisioning> expired(NodeGroup g, ClusterView view, Instant now) {
        Instant deadline = now.minus(reconcileConfig.maxNodeProvisionTime());
        return pendingProvisioning(g, view).stream().filter(p -> !p.requestedAt().isAfter(deadline)).toList();
    }

    /** The lowest size allowed now, and what sets it: minNodes, a manual target still held, or an open schedule window. */
    record Floor(int nodes, String source) {
    }

    static Floor floor(NodeGroup g, ClusterView view, Instant now) {
        Floor f = new Floor(g.spec().min(), "minNodes");
        for (NodeGroup other : view.nodeGroups()) {
            NodeGroup.Replacement r = other.status().replacement();
            // The new nodes a consolidation asked of this group stay until the nodes they replace are drained.
            // What it started with and still has, plus the new nodes: a node it has drained and deleted already (its own, in
            // a repair or a replacement by the same group) is not added back if the record outlives it (a crash before its end).
            java.util.Set<String> present = new java.util.HashSet<>();
            view.nodes().forEach(n -> present.add(n.name()));
            int keeps = r == null ? 0 : (int) r.baselineOrEmpty().stream().filter(present::contains).count() + r.newNodes();
            if (r != null && g.name().equals(r.byGroup()) && keeps > f.nodes()) {
                f = new Floor(keeps, "replacing " + String.join(", ", r.nodes()) + " of " + other.name() + " (consolidation)");
            }
        }
        NodeGroup.ManualTarget manual = g.status().manualTarget();
        if (manual != null && manual.until() != null && now.isBefore(manual.until()) && manual.nodes() > f.nodes()) {
            f = new Floor(manual.nodes(), "held manual target");
        }
        Optional<ScheduledFloors.Active> s = ScheduledFloors.active(g.spec(), now);
        if (s.isPresent() && s.get().minNodes() > f.nodes()) {
            f = new Floor(s.get().minNodes(), "schedule " + s.get().name() + " until " + s.get().until());
        }
        return f;
    }

    /** The taints a group's nodes carry, as the planner sees them. */
    static List<Taint> taints(NodeGroup g) {
        return g.spec().taints().stream().map(t -> new Taint(t.key(), t.value(), t.effect())).toList();
    }
}
