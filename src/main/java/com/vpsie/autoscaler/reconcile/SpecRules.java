package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.config.DurationText;

import java.util.List;
import java.util.Optional;

/**
 * Every rule of a NodeGroup's spec, checked before anything is planned or expanded: the CRD's own
 * bounds (the API server enforces them on a real cluster; a what-if or a sandbox scenario has no
 * API server in front of it), every duration and schedule readable and bounded, and the template
 * as a Node would take it ({@link TemplateRules}). A spec that breaks one is skipped with that
 * reason, and a condition and an Event on a live group; no other group is touched.
 */
public final class SpecRules {
    /** Kubernetes' own limit of nodes in one cluster: a bound on every count of nodes in a spec. */
    public static final int MAX_NODES = 5_000;
    /** The CRD's bounds on {@code spec.headroom}. */
    static final int MAX_HEADROOM_ENTRIES = 10;
    static final int MAX_HEADROOM_REPLICAS = 1_000;
    /** The CRD's bound on {@code spec.schedules}. */
    static final int MAX_SCHEDULES = 20;

    private SpecRules() {
    }

    /**
     * The first rule the spec breaks, naming its field, what was expected and what was given; empty
     * when it is valid. The one place a reader's refusal of a spec value becomes an {@code InvalidSpec}:
     * past this check, the readers below cannot refuse, and a refusal there is a bug.
     */
    public static Optional<ReconcileFailure.InvalidSpec> problem(NodeGroup.Spec spec) {
        Optional<String> found = counts(spec).or(() -> TemplateRules.problem(spec));
        if (found.isPresent()) {
            return found.map(ReconcileFailure.InvalidSpec::of);
        }
        try {
            SnapshotBuilder.headroom(spec);
            SnapshotBuilder.scaleDownPolicy(spec.scaleDown());
            ScheduledFloors.check(spec);
            DisruptionBudgets.check(spec);
            UpkeepRules.check(spec);
            if (spec.scaleUp() != null && spec.scaleUp().cooldown() != null) {
                DurationText.parse(spec.scaleUp().cooldown(), "spec.scaleUp.cooldown");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of(ReconcileFailure.InvalidSpec.of(e.getMessage()));
        }
        return Optional.empty();
    }

    /** Why {@code text} is not a duration for {@code field} (as "field: expected …, got …"); empty when it is one. */
    static Optional<String> duration(String text, String field) {
        try {
            DurationText.parse(text, field);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A quantity's value ("512Gi" → bytes); empty when the text is not a quantity. */
    static java.util.OptionalLong quantity(String text) {
        try {
            return java.util.OptionalLong.of(com.vpsie.autoscaler.capacity.Quantity.units(text));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return java.util.OptionalLong.empty();  // not a quantity, or above 2^63
        }
    }

    private static Optional<String> counts(NodeGroup.Spec spec) {
        NodeGroup.VpsieRef ref = spec.vpsie();
        if (ref == null || ref.clusterId() == null || ref.clusterId().isBlank()) {
            return Optional.of("spec.vpsie.clusterId: expected the VPSie cluster's identifier, got none");
        }
        if (ref.nodeGroupId() == null && ref.sizeId() == null) {
            return Optional.of("spec.vpsie.nodeGroupId: expected the VPSie node group's id (or spec.vpsie.sizeId, for a group the autoscaler"
                    + " creates), got none");
        }
        Optional<String> p = within("spec.minNodes", spec.minNodes(), 0, MAX_NODES);
        if (p.isEmpty()) {
            p = within("spec.maxNodes", spec.maxNodes(), 1, MAX_NODES);
        }
        if (p.isEmpty() && spec.max() < spec.min()) {
            p = Optional.of("spec.maxNodes: expected at least minNodes (" + spec.min() + "), got " + spec.max());
        }
        if (p.isEmpty() && spec.scaleUp() != null && spec.scaleUp().maxNodesPerStep() != null) {
            p = within("spec.scaleUp.maxNodesPerStep", spec.scaleUp().maxNodesPerStep(), 1, MAX_NODES);
        }
        if (p.isEmpty() && spec.headroomOrEmpty().size() > MAX_HEADROOM_ENTRIES) {
            p = Optional.of("spec.headroom: expected at most " + MAX_HEADROOM_ENTRIES + " entries, got " + spec.headroomOrEmpty().size());
        }
        List<NodeGroup.Headroom> headroom = spec.headroomOrEmpty();
        for (int i = 0; p.isEmpty() && i < headroom.size(); i++) {
            if (headroom.get(i) != null && headroom.get(i).replicas() != null) {
                p = within("spec.headroom[" + i + "].replicas", headroom.get(i).replicas(), 0, MAX_HEADROOM_REPLICAS);
            }
        }
        if (p.isEmpty() && spec.schedulesOrEmpty().size() > MAX_SCHEDULES) {
            p = Optional.of("spec.schedules: expected at most " + MAX_SCHEDULES + " entries, got " + spec.schedulesOrEmpty().size());
        }
        List<NodeGroup.Schedule> schedules = spec.schedulesOrEmpty();
        for (int i = 0; p.isEmpty() && i < schedules.size(); i++) {
            if (schedules.get(i) != null && schedules.get(i).minNodes() != null) {
                p = within("spec.schedules[" + i + "].minNodes", schedules.get(i).minNodes(), 0, MAX_NODES);
            }
            if (p.isEmpty() && schedules.get(i) != null && schedules.get(i).maxNodes() != null) {
                p = within("spec.schedules[" + i + "].maxNodes", schedules.get(i).maxNodes(), 0, MAX_NODES);
            }
        }
        return p;
    }

    private static Optional<String> within(String field, Integer value, int min, int max) {
        if (value == null) {
            return min > 0 ? Optional.of(field + ": expected a number from " + min + " to " + max + ", got none") : Optional.empty();
        }
        return value < min || value > max ? Optional.of(field + ": expected a number from " + min + " to " + max + ", got " + value) : Optional.empty();
    }
}
