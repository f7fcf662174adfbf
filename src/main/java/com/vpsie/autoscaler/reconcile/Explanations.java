package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.BlockedNode;
import com.vpsie.autoscaler.capacity.GroupPlan;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Plan;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.Replacement;
import com.vpsie.autoscaler.capacity.ScaleDownCandidate;
import com.vpsie.autoscaler.capacity.UnschedulablePod;
import com.vpsie.autoscaler.port.ClusterView;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "Why, and when" for one node or one pod, read off one cluster read and the plan made from it:
 * every reason with its code, and the time it changes where there is one. Pure: the caller reads
 * and plans once.
 */
public final class Explanations {
    private Explanations() {
    }

    /** One reason: a closed code (a blocker's, a rejection's, or one of this class's), the sentence, and until when it holds. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Because(String code, String message, @Nullable Instant until) {
    }

    /** Whether the node goes now, may go later ({@code goesAt}), or stays, and why. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeAnswer(String node, @Nullable String nodeGroup, String verdict, @Nullable Instant goesAt, List<Because> reasons) {
    }

    /** Whether the pod runs, lands on a node it fits, waits for new nodes (which, how many, expected by when) or waits with no group that can take it. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodAnswer(String pod, String verdict, @Nullable String node, @Nullable String nodeGroup, @Nullable Integer nodesPlanned,
                            @Nullable Instant expectedBy, List<Because> reasons) {
    }

    public static Optional<NodeAnswer> node(ClusterView view, PlanView plan, String name, Instant now) {
        Optional<Node> found = view.nodes().stream().filter(n -> n.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String group = found.get().nodeGroup();
        List<Because> why = new ArrayList<>();
        if (group == null) {
            why.add(new Because("UNMANAGED", "the node carries no " + Node.GROUP_LABEL + " label: no NodeGroup manages it", null));
            return Optional.of(new NodeAnswer(name, null, "stays", null, why));
        }
        Optional<GroupPlan> gp = plan.plan().group(group);
        if (gp.isEmpty()) {
            PlanView.Skipped s = plan.skipped().get(group);
            why.add(new Because(s == null ? "GROUP_NOT_PLANNED" : s.outcome().name(), s == null ? "NodeGroup " + group + " was not planned" : s.why(), null));
            return Optional.of(new NodeAnswer(name, group, "stays", null, why));
        }
        GroupPlan p = gp.get();
        Optional<ScaleDownCandidate> candidate = p.scaleDownCandidates().stream().filter(c -> c.node().equals(name)).findFirst();
        List<BlockedNode> blocked = p.scaleDownBlocked().stream().filter(b -> b.node().equals(name)).toList();
        String verdict = "stays";
        Instant goesAt = null;
        if (p.scaleDown().contains(name)) {
            verdict = "goes now";
            why.add(new Because("REMOVING", candidate.map(c -> "unneeded since " + c.unneededSince() + " at "
                    + Math.round(c.utilization() * 100) + "% utilization").orElse("over the group's cap"), null));
        } else if (candidate.isPresent() && blocked.isEmpty()) {
            verdict = "may go";
            goesAt = candidate.get().removableAt();
            boolean recorded = view.group(group).map(x -> x.status().unneededSince() != null && x.status().unneededSince().containsKey(name)).orElse(false);
            why.add(new Because("UNNEEDED", (recorded ? "unneeded since " + candidate.get().unneededSince()
                    : "unneeded as of this read; the next reconcile records since when, and the time below counts from then")
                    + "; removable once the group's unneededTime and delayAfterScaleUp have run out", goesAt));
        }
        blocked.forEach(b -> why.add(new Because(b.blocker().code().name(), b.blocker().message(), null)));
        Optional<Replacement> replacing = plan.plan().replacements().stream().filter(r -> r.nodes().contains(name)).findFirst();
        if (replacing.isPresent()) {
            verdict = replacing.get().state() == Replacement.State.PROPOSED ? "is replaced next" : "is being replaced";
            why.add(new Because(replacing.get().cause().name(), replacing.get().reason(), null));
        }
        plan.plan().driftedIn(group).stream().filter(d -> d.node().equals(name)).findFirst().ifPresent(d -> why.add(new Because("DRIFTED",
                (d.inPlace() ? "mended in place at the next reconcile: " : "replaced once its turn, the budgets and its pods allow: ") + d.says(), null)));
        expiresAt(view, group, found.get()).ifPresent(at -> why.add(new Because("EXPIRES", "older than spec.expireAfter from then: replaced,"
                + " oldest first, under the Expired budgets", at)));
        if (why.isEmpty()) {
            why.add(new Because("IN_USE", "not a scale-down candidate: its pods' requests reach the group's utilization threshold, or"
                    + " scale-down waits (the group's reasons say why)", null));
        }
        p.reasons().forEach(r -> why.add(new Because("GROUP", r, null)));
        return Optional.of(new NodeAnswer(name, group, verdict, goesAt, why));
    }

    /** When the node passes its group's {@code spec.expireAfter}; empty when the group has none or the node's age is unknown. */
    private static Optional<Instant> expiresAt(ClusterView view, String group, Node n) {
        Optional<java.time.Duration> after = view.group(group).map(g -> UpkeepRules.of(g.spec(), 0, null).expireAfter());
        return n.origin().created() == null ? Optional.empty() : after.map(a -> n.origin().created().plus(a));
    }

    /** @param provisionTime how long a new node may take to join (the bound the reconcile gives VPSie) */
    public static Optional<PodAnswer> pod(ClusterView view, PlanView plan, String key, Instant now, Duration provisionTime) {
        Optional<ClusterView.GatedPod> gated = view.gated().stream().filter(g -> g.pod().equals(key)).findFirst();
        if (gated.isPresent()) {
            return Optional.of(new PodAnswer(key, "waits for its scheduling gates", null, null, null, null,
                    List.of(new Because("SCHEDULING_GATED", "no node is planned for it until its gates are removed: " + gated.get().gates(), null))));
        }
        Optional<Pod> found = view.pods().stream().filter(p -> p.key().equals(key)).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Pod pod = found.get();
        if (!pod.nodeName().isEmpty()) {
            return Optional.of(new PodAnswer(key, "runs", pod.nodeName(), null, null, null,
                    List.of(new Because("BOUND", "bound to node " + pod.nodeName() + " (" + pod.phase().wire() + ")", null))));
        }
        Plan.Placement at = plan.plan().placements().get(key);
        Optional<GroupPlan> going = at == null || at.newNode() ? Optional.empty()
                : plan.plan().nodeGroups().stream().filter(g -> g.scaleDown().contains(at.node())).findFirst();
        if (going.isPresent()) {
            List<Because> why = new ArrayList<>(List.of(new Because("NODE_GOING", "it fits node " + at.node() + ", which this plan removes;"
                    + " it waits for a place", null)));
            going.get().reasons().forEach(r -> why.add(new Because("GROUP", r, null)));
            return Optional.of(new PodAnswer(key, "waits: the node it fits goes", null, going.get().name(), null, null, why));
        }
        if (at != null && !at.newNode()) {
            return Optional.of(new PodAnswer(key, "lands on an existing node", at.node(), null, null, null,
                    List.of(new Because("FITS_EXISTING", "fits node " + at.node() + " as it is (or as it joins); the scheduler places it", null))));
        }
        Optional<com.vpsie.autoscaler.capacity.AutoProvisioning.NewGroup> fresh = at == null ? Optional.empty()
                : plan.plan().newGroups().stream().filter(n -> n.name().equals(at.group())).findFirst();
        if (fresh.isPresent()) {
            com.vpsie.autoscaler.capacity.AutoProvisioning.NewGroup n = fresh.get();
            return Optional.of(new PodAnswer(key, "waits for a new group", null, n.name(), n.nodes(), null, List.of(new Because("NEW_GROUP",
                    "no group can host it; the plan proposes a new group " + n.name() + " of VPSie size " + n.size().name() + " (" + n.nodes()
                    + " node(s), " + String.format(java.util.Locale.ROOT, "$%.4f/h", n.hourly()) + "), by AutoscalerPolicy spec.autoProvisioning", null))));
        }
        if (at != null && plan.plan().group(at.group()).isPresent()) {
            GroupPlan g = plan.plan().group(at.group()).get();
            boolean asked = g.scaleUp() > 0;
            Instant by = now.plus(provisionTime);
            return Optional.of(new PodAnswer(key, "waits for a new node", null, at.group(), g.scaleUp() + g.provisioningNodes(), by,
                    List.of(new Because(asked ? "SCALE_UP" : "PROVISIONING", "a new node of " + at.group() + " is planned for it ("
                            + g.scaleUp() + " to add, " + g.provisioningNodes() + " provisioning); expected within the provision bound "
                            + provisionTime + " (measured join times are not kept)", by))));
        }
        Optional<UnschedulablePod> none = plan.plan().unschedulablePods().stream().filter(u -> u.pod().equals(key)).findFirst();
        List<Because> why = new ArrayList<>();
        none.ifPresent(u -> u.byGroup().forEach((g, r) -> why.add(new Because(r.code().name(), "group " + g + ": " + r.message(), null))));
        if (why.isEmpty()) {
            why.add(new Because("NOT_PLANNED", "the plan has no place for it and no group's reason (is it a DaemonSet pod, or nominated?)", null));
        }
        return Optional.of(new PodAnswer(key, "waits: no group can take it now", null, null, null, null, why));
    }
}
