package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy;
import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.AutoProvisioning;
import com.vpsie.autoscaler.capacity.Plan;
import com.vpsie.autoscaler.config.DurationText;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out groups on demand, one recorded step at a time, each safe to repeat after a crash or a
 * lost answer:
 * <ol>
 *   <li>a group the plan proposes becomes a NodeGroup resource first ({@code spec.vpsie.sizeId},
 *   no {@code nodeGroupId}), created by name, so two replicas or two reconciles make one;</li>
 *   <li>that group's own reconcile (under its gate and Lease) finds its VPSie group by name, or
 *   records in its status when it asks VPSie for one ({@code lastScaleUpTime}) and asks; a lost
 *   answer is looked for by name until {@code vpsie.add-settle-time} has passed since, and only then
 *   asked again, so VPSie never gets two; found or made, its id goes into the spec, and from then
 *   on it is an ordinary group;</li>
 *   <li>a created group ({@value NewGroups#PREFIX}…) with no node, nothing provisioning and nothing
 *   under way for {@code emptyTtl} is deleted: its VPSie group first, once VPSie counts no worker
 *   in it, then the resource.</li>
 * </ol>
 */
@Singleton
public class GroupCreator {
    static final String CREATED = "VpsieGroupCreated";
    static final String EMPTY = "Empty";
    static final Duration DEFAULT_EMPTY_TTL = Duration.ofMinutes(30);

    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final GroupStatus status;
    private final GroupMetrics metrics;
    private final Clock clock;
    private final boolean dryRun;

    public GroupCreator(ClusterPort cluster, VpsiePort vpsie, GroupStatus status, GroupMetrics metrics, ModeConfig mode, Clock clock) {
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
        this.dryRun = mode.dryRunOn();
    }

    /** Whether {@code g} waits for its VPSie group: a size, and no id yet. */
    static boolean pending(NodeGroup g) {
        return g.spec().vpsie() != null && g.spec().vpsie().nodeGroupId() == null && g.spec().vpsie().sizeId() != null;
    }

    /** Step 1: a NodeGroup resource for each group the plan proposes that none stands for yet; one reason each. */
    List<String> propose(ClusterView view, Plan plan, String namespace) {
        List<String> reasons = new ArrayList<>();
        AutoscalerPolicy policy = view.policy();
        String clusterId = view.nodeGroups().stream().map(g -> g.spec().vpsie()).filter(r -> r != null && r.clusterId() != null)
                .map(NodeGroup.VpsieRef::clusterId).findFirst().orElse(null);
        for (AutoProvisioning.NewGroup n : plan.newGroups()) {
            if (policy == null || clusterId == null || view.group(n.name()).isPresent()) {
                continue;
            }
            if (dryRun) {
                reasons.add("dry run: would create NodeGroup " + n.name() + " of VPSie size " + n.size().name() + " for " + n.pods().size() + " pod(s)");
                continue;
            }
            AutoscalerPolicy.AutoProvisioning a = policy.spec().autoProvisioning();
            Map<String, String> labels = new LinkedHashMap<>(a.labels() == null ? Map.of() : a.labels());
            labels.put(NewGroups.SIZE_LABEL, n.name().substring(NewGroups.PREFIX.length()));
            NodeGroup.Spec spec = new NodeGroup.Spec(0, NewGroups.MAX_NODES, new NodeGroup.VpsieRef(clusterId, null, n.size().id()),
                    new NodeGroup.Template(labels, a.taints(), null), null, null, null, null, null, null, null, null, null);
            if (cluster.createNodeGroup(new NodeGroup(n.name(), namespace, null, spec, NodeGroup.Status.EMPTY))) {
                String what = "created NodeGroup " + n.name() + " of VPSie size " + n.size().name() + " for " + n.pods().size()
                        + " pod(s) no group could host; its VPSie group is made at its own reconcile";
                cluster.record(ClusterEvent.onPolicy(policy, ClusterEvent.Type.Normal, "NodeGroupCreated", what));
                reasons.add(what);
            }
        }
        return reasons;
    }

    /** Step 2, for a group that {@link #pending waits}: its VPSie group found or made, and its id recorded. */
    Decision settle(NodeGroup g, String trigger) {
        Instant now = clock.instant();
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        Decision.Builder d = Decision.of(now, g.name(), trigger);
        if (dryRun) {
            return d.reasons(List.of("dry run: would find or create its VPSie group of size " + ref.sizeId())).outcome(Decision.Outcome.DRY_RUN);
        }
        Optional<VpsiePort.VpsieGroup> found = vpsie.nodeGroups(ref.clusterId()).stream().filter(v -> g.name().equals(v.name())).findFirst();
        if (found.isPresent()) {
            return recorded(g, found.get().id(), "VPSie lists its group " + found.get().id(), d);
        }
        Instant asked = g.status().lastScaleUpTime();
        if (asked != null && now.isBefore(asked.plus(vpsie.addSettleTime()))) {
            return d.reasons(List.of("its VPSie group was asked for at " + asked + " and is not listed yet; looked for by name until "
                    + asked.plus(vpsie.addSettleTime()) + " before it is asked for again")).outcome(Decision.Outcome.GROUP_CREATING);
        }
        // Recorded before the call: a crash or a lost answer after it is found by name, not made twice.
        NodeGroup at = status.update(g.name(), s -> s.withLastScaleUpTime(now).withCondition(new NodeGroup.Condition(CREATED, "False",
                "Requested", "asked VPSie for a group of size " + ref.sizeId(), now)));
        long id;
        try {
            id = vpsie.createNodeGroup(ref.clusterId(), g.name(), ref.sizeId());
        } catch (VpsiePort.VpsieException e) {
            if (e.failure().ambiguous()) {
                return d.reasons(List.of("VPSie's answer to the group's creation was lost (" + e.getMessage() + "); it is looked for by name"))
                        .outcome(Decision.Outcome.GROUP_CREATING);
            }
            status.raise(at, new NodeGroup.Condition(CREATED, "False", "Refused", "VPSie refused the group: " + e.getMessage(), now));
            cluster.record(ClusterEvent.onGroup(at, ClusterEvent.Type.Warning, "CreateGroupFailed", "VPSie refused the group of size "
                    + ref.sizeId() + ": " + e.getMessage() + "; asked again after vpsie.add-settle-time"));
            throw e;
        }
        return recorded(at, id, "VPSie made its group " + id, d);  // as written with the request: its resourceVersion is current
    }

    private Decision recorded(NodeGroup g, long id, String what, Decision.Builder d) {
        NodeGroup.Spec s = g.spec();
        NodeGroup.Spec spec = new NodeGroup.Spec(s.minNodes(), s.maxNodes(), new NodeGroup.VpsieRef(s.vpsie().clusterId(), id, s.vpsie().sizeId()),
                s.template(), s.priority(), s.scaleUp(), s.scaleDown(), s.headroom(), s.schedules(), s.disruption(), s.repair(), s.drift(),
                s.expireAfter());
        NodeGroup written = cluster.writeSpec(g, spec);
        status.raise(written, new NodeGroup.Condition(CREATED, "True", "Created", what, clock.instant()));
        cluster.record(ClusterEvent.onGroup(written, ClusterEvent.Type.Normal, "VpsieGroupCreated", what + "; the group is planned for from now"));
        metrics.groupOnDemand("created");
        return d.reasons(List.of(what + "; spec.vpsie.nodeGroupId recorded, the group is planned for from the next reconcile"))
                .outcome(Decision.Outcome.GROUP_CREATED);
    }

    /** Step 3: a created group empty for its policy's {@code emptyTtl} is deleted, its VPSie group first; empty while it stays. */
    Optional<Decision> expire(NodeGroup g, ClusterView view, com.vpsie.autoscaler.capacity.GroupPlan plan, String trigger) {
        AutoscalerPolicy policy = view.policy();
        if (!g.name().startsWith(NewGroups.PREFIX) || g.spec().vpsie() == null || g.spec().vpsie().nodeGroupId() == null || g.spec().min() > 0
                || policy == null || policy.spec().autoProvisioning() == null || dryRun) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        NodeGroup.Status s = g.status();
        // Empty is no node, none coming, nothing under way, and none planned: a group whose first nodes wait (for VPSie, for a
        // backoff) is not empty, however long they take.
        boolean empty = view.members(g.name()) == 0 && s.provisioningOrEmpty().isEmpty() && s.drainingOrEmpty().isEmpty() && s.replacement() == null
                && plan.desiredNodes() == 0;
        Optional<NodeGroup.Condition> since = s.condition(EMPTY).filter(NodeGroup.Condition::isTrue);
        if (!empty) {
            if (since.isPresent()) {
                status.update(g.name(), x -> x.withCondition(new NodeGroup.Condition(EMPTY, "False", "HasNodes", null, now)));
            }
            return Optional.empty();
        }
        if (since.isEmpty()) {
            status.update(g.name(), x -> x.withCondition(new NodeGroup.Condition(EMPTY, "True", "NoNodes", "created on demand and empty;"
                    + " deleted once empty for spec.autoProvisioning.emptyTtl", now)));
            return Optional.empty();
        }
        String ttlText = policy.spec().autoProvisioning().emptyTtl();
        Duration ttl = ttlText == null ? DEFAULT_EMPTY_TTL : DurationText.parse(ttlText, "spec.autoProvisioning.emptyTtl");
        if (now.isBefore(since.get().lastTransitionTime().plus(ttl))) {
            return Optional.empty();
        }
        long id = g.spec().vpsie().nodeGroupId();
        Optional<VpsiePort.VpsieGroup> listed = vpsie.nodeGroups(g.spec().vpsie().clusterId()).stream().filter(v -> v.id() == id).findFirst();
        if (listed.isPresent() && listed.get().nodesCount() > 0) {
            return Optional.of(Decision.of(now, g.name(), trigger).reasons(List.of("empty here for " + DurationText.human(ttl) + ", but VPSie counts "
                    + listed.get().nodesCount() + " worker(s) in group " + id + ": kept until VPSie agrees")).outcome(Decision.Outcome.UNCHANGED));
        }
        if (listed.isPresent()) {
            vpsie.deleteNodeGroup(g.spec().vpsie().clusterId(), id);
        }
        cluster.deleteNodeGroup(g);
        String what = "deleted NodeGroup " + g.name() + " and its VPSie group " + id + ": created on demand, empty for " + DurationText.human(ttl);
        cluster.record(ClusterEvent.onPolicy(policy, ClusterEvent.Type.Normal, "NodeGroupDeleted", what));
        metrics.groupOnDemand("deleted");
        return Optional.of(Decision.of(now, g.name(), trigger).reasons(List.of(what)).outcome(Decision.Outcome.GROUP_DELETED));
    }
}
