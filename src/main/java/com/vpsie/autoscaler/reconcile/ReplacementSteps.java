package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.BlockedNode;
import com.vpsie.autoscaler.capacity.DisruptionReason;
import com.vpsie.autoscaler.capacity.Plan;
import com.vpsie.autoscaler.capacity.Replacement;
import com.vpsie.autoscaler.config.DurationText;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Carries out a replacement (a consolidation, a repair, a drifted or expired node), one recorded step at a time, from the replaced group's reconcile:
 * record it (the new group's floor then holds the new nodes, and that group's own reconcile adds
 * them), wait until they are Ready, check again that every pod has a place, then drain the replaced
 * nodes through the safe drain. Each step is in the replaced group's status before it is taken, so
 * after a crash any instance goes on from there: an abandoned replacement keeps the old nodes, and
 * the new ones become ordinary unneeded nodes.
 */
@Singleton
public class ReplacementSteps {
    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final GroupStatus status;
    private final Drainer drainer;
    private final ReconcileConfig config;
    private final Clock clock;

    public ReplacementSteps(ClusterPort cluster, VpsiePort vpsie, GroupStatus status, Drainer drainer, ReconcileConfig config, Clock clock) {
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.status = status;
        this.drainer = drainer;
        this.config = config;
        this.clock = clock;
    }

    /** Whether this reconcile of the group has a consolidation step to take: one recorded, or the plan's first proposal. */
    static boolean concerns(NodeGroup g, Plan plan) {
        return g.status().replacement() != null || plan.replacementOf(g.name())
                .filter(r -> r.state() == Replacement.State.PROPOSED && plan.replacements().get(0) == r).isPresent();
    }

    /** What was done, as the reasons of the group's decision; how many nodes went. */
    /** What one step did: nodes removed, its sentences, and the dollars per hour saved when it finished a consolidation. */
    record Step(int removed, List<String> reasons, double savedHourly) {
        Step(int removed, List<String> reasons) {
            this(removed, reasons, 0);
        }
    }

    Step take(NodeGroup g, ClusterView view, Plan plan, Instant deadline) {
        NodeGroup.Replacement recorded = g.status().replacement();
        Optional<Replacement> planned = plan.replacementOf(g.name());
        if (recorded == null) {
            return start(g, view, planned.orElseThrow());
        }
        List<String> left = recorded.nodes().stream().filter(n -> view.nodes().stream().anyMatch(v -> v.name().equals(n))).toList();
        if (recorded.step() == NodeGroup.ReplacementStep.DRAINING) {
            if (left.isEmpty()) {
                return finish(g, recorded);
            }
            if (g.status().drainingOrEmpty().stream().anyMatch(d -> left.contains(d.node()))) {
                return new Step(0, List.of(Words.of(cause(recorded)).noun() + ": the drain of "
                        + String.join(", ", left) + " goes on"));
            }
        }
        Replacement.State state = planned.map(Replacement::state).orElse(Replacement.State.ABANDONED);
        String why = planned.map(Replacement::reason).orElse("the replacement of " + g.name() + "'s nodes is no longer planned for");
        return switch (state) {
            case READY_TO_DRAIN -> drain(g, recorded, left, deadline);
            case HELD -> new Step(0, List.of());
            case WAITING_FOR_NODES -> clock.instant().isAfter(recorded.startedAt().plus(config.maxNodeProvisionTime().multipliedBy(2)))
                    ? abandon(g, recorded, "its new nodes were not Ready within twice autoscaler.reconcile.max-node-provision-time ("
                    + DurationText.human(config.maxNodeProvisionTime().multipliedBy(2)) + ")")
                    : new Step(0, List.of());  // the plan's reasons say what it waits for
            case ABANDONED, PROPOSED -> abandon(g, recorded, why);
        };
    }

    /**
     * How a replacement for one cause is named: in reasons ({@code noun}), in the group's Events
     * ({@code <Noun>Started}, {@code done}, {@code <Noun>Abandoned}) and on each replaced node ({@code onNode}).
     */
    private record Words(String noun, String onNode, String done) {
        static Words of(DisruptionReason cause) {
            String noun = Replacement.noun(cause);
            return switch (cause) {
                case UNHEALTHY -> new Words(noun, "Repairing", "Repaired");
                case DRIFTED -> new Words(noun, "Drifted", "DriftReplaced");
                case EXPIRED -> new Words(noun, "Expired", "ExpiryReplaced");
                default -> new Words(noun, null, "Consolidated");
            };
        }

        String event(String what) {
            return Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + what;
        }
    }

    private Step start(NodeGroup g, ClusterView view, Replacement r) {
        Words words = Words.of(r.cause());
        if (!g.status().drainingOrEmpty().isEmpty()) {
            return new Step(0, List.of(words.noun() + " waits: a drain of this group is under way"));
        }
        if (r.cause() == DisruptionReason.UNHEALTHY) {
            Optional<String> waits = vpsieSays(g, r.nodes());
            if (waits.isPresent()) {
                return new Step(0, List.of("repair of " + String.join(", ", r.nodes()) + " waits: " + waits.get()));
            }
        }
        List<String> baseline = view.nodes().stream().filter(n -> r.byGroup().equals(n.nodeGroup())).map(n -> n.name()).sorted().toList();
        NodeGroup.Replacement record = new NodeGroup.Replacement(r.nodes(), r.byGroup(), r.newNodes(), baseline, clock.instant(),
                NodeGroup.ReplacementStep.ADDING, r.hourlyBefore(), r.hourlyAfter(), r.cause().wire());
        status.update(g.name(), s -> s.withReplacement(record));
        if (r.cause() != DisruptionReason.CONSOLIDATION) {
            String what = "replacing " + String.join(", ", r.nodes()) + (r.newNodes() > 0 ? ", a new node of " + r.byGroup() + " first" : "");
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Normal, words.event("Started"), r.reason()));
            r.nodes().forEach(n -> cluster.record(ClusterEvent.onNode(n, r.cause() == DisruptionReason.UNHEALTHY ? ClusterEvent.Type.Warning
                    : ClusterEvent.Type.Normal, words.onNode(), r.cause().name() + ": " + r.reason())));
            return new Step(0, List.of(words.noun() + " started: " + what + "; the node is drained and removed once "
                    + (r.newNodes() > 0 ? "the new node is Ready" : "the next reconcile comes")));
        }
        boolean deleting = r.newNodes() == 0;
        String what = deleting ? "deleting " + String.join(", ", r.nodes()) + " (their pods fit on the nodes that stay) " + prices(record)
                : "replacing " + String.join(", ", r.nodes()) + " by " + r.newNodes() + " new node(s) of " + r.byGroup() + " " + prices(record);
        cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Normal, "ConsolidationStarted", what));
        return new Step(0, List.of("consolidation started: " + what + (deleting ? "; they are drained at the next reconcile"
                : "; " + r.byGroup() + " adds them at its next reconcile, and the nodes are drained once they are Ready")));
    }

    private Step drain(NodeGroup g, NodeGroup.Replacement recorded, List<String> left, Instant deadline) {
        if (left.isEmpty()) {
            return finish(g, recorded);
        }
        NodeGroup at = status.update(g.name(), s -> s.withReplacement(recorded.at(NodeGroup.ReplacementStep.DRAINING)));
        DisruptionReason cause = cause(recorded);
        String why = switch (cause) {
            case UNHEALTHY -> "repair: NotReady, replaced by " + recorded.newNodes() + " new node(s)";
            case DRIFTED, EXPIRED -> Replacement.noun(cause) + ": " + cause.wire() + ", replaced by " + recorded.newNodes() + " new node(s)";
            default -> "replaced by " + recorded.newNodes() + " new node(s) of " + recorded.byGroup() + " (consolidation, " + prices(recorded) + ")";
        };
        Drainer.Outcome out = drainer.drain(at, left, why, deadline);
        List<String> reasons = new java.util.ArrayList<>(out.reasons());
        double saved = 0;
        if (!out.kept().isEmpty()) {
            reasons.addAll(abandon(g, recorded, "the drain kept " + String.join(", ", out.kept().stream().map(BlockedNode::node).toList())).reasons());
        } else if (out.removed().containsAll(left)) {
            Step done = finish(g, recorded);
            reasons.addAll(done.reasons());
            saved = done.savedHourly();
        }
        return new Step(out.removed().size(), reasons, saved);
    }

    private Step finish(NodeGroup g, NodeGroup.Replacement recorded) {
        // A replaced node that never became Ready is still an add in flight in status: it is gone now, not a provision timeout.
        status.update(g.name(), s -> s.withReplacement(null).withLastScaleDownTime(clock.instant()).withProvisioning(s.provisioningOrEmpty()
                .stream().filter(p -> p.hostname() == null || recorded.nodes().stream().noneMatch(p.hostname()::equalsIgnoreCase)).toList()));
        DisruptionReason cause = cause(recorded);
        Words words = Words.of(cause);
        if (cause != DisruptionReason.CONSOLIDATION) {
            String what = words.noun() + " done: " + String.join(", ", recorded.nodes()) + " drained and removed"
                    + (recorded.newNodes() > 0 ? ", replaced by a new node of " + recorded.byGroup() : "");
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Normal, words.done(), what));
            return new Step(0, List.of(what));
        }
        String what = "replaced " + String.join(", ", recorded.nodes()) + " by " + recorded.newNodes() + " node(s) of " + recorded.byGroup()
                + " " + prices(recorded);
        cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Normal, "Consolidated", what));
        return new Step(0, List.of("consolidation done: " + what), Math.max(0, recorded.hourlyBefore() - recorded.hourlyAfter()));
    }

    private Step abandon(NodeGroup g, NodeGroup.Replacement recorded, String why) {
        status.update(g.name(), s -> s.withReplacement(null));
        Words words = Words.of(cause(recorded));
        String what = words.noun() + " of " + String.join(", ", recorded.nodes()) + " abandoned: " + why + "; the nodes stay, and the new "
                + recorded.byGroup() + " node(s) go by the usual scale-down rules";
        cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, words.event("Abandoned"), what));
        return new Step(0, List.of(what));
    }

    /** Statuses VPSie gives a worker it is still making: its Node is not Ready yet, and that is no fault to repair. */
    private static final java.util.Set<String> BOOTING = java.util.Set.of("creating", "booting", "installing", "provisioning", "pending",
            "starting", "rebuilding");

    /**
     * VPSie's own word on a NotReady node's worker, read before a repair starts: why it must wait (VPSie
     * still makes the worker, or VPSie could not be asked), or empty when VPSie lists it otherwise
     * (running, failed, stopped) or not at all.
     */
    private Optional<String> vpsieSays(NodeGroup g, List<String> nodes) {
        List<VpsiePort.VpsieNode> listed;
        try {
            listed = vpsie.clusterNodes(g.spec().vpsie().clusterId());
        } catch (VpsiePort.VpsieException e) {
            return Optional.of("VPSie could not say how its worker is (" + e.getMessage() + "); asked again at the next reconcile");
        }
        for (String node : nodes) {
            Optional<String> status = VpsiePort.workerNamed(listed, node).map(VpsiePort.VpsieNode::status);
            if (status.isPresent() && BOOTING.contains(status.get().toLowerCase(Locale.ROOT))) {
                return Optional.of("VPSie lists its worker as " + status.get() + ": a node still being made is not repaired");
            }
        }
        return Optional.empty();
    }

    /** Why the recorded replacement was started; a reason this version does not know reads as a consolidation. */
    private static DisruptionReason cause(NodeGroup.Replacement r) {
        DisruptionReason c = DisruptionReason.of(r.reasonOrConsolidation());
        return c == null ? DisruptionReason.CONSOLIDATION : c;
    }

    private static String prices(NodeGroup.Replacement r) {
        return String.format(Locale.ROOT, "($%.4f/h instead of $%.4f/h)", r.hourlyAfter(), r.hourlyBefore());
    }
}
