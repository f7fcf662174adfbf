package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.ClusterSnapshot;
import com.vpsie.autoscaler.capacity.Plan;
import com.vpsie.autoscaler.capacity.PlanningPolicy;
import com.vpsie.autoscaler.capacity.Planner;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.config.PlannerConfig;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The answers to {@link GroupQueries} from the live cluster and the live VPSie account. */
@Singleton
public class LiveQueries implements GroupQueries {
    private static final Logger LOG = LoggerFactory.getLogger(LiveQueries.class);

    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final SnapshotBuilder snapshots;
    private final GarbageCollector gc;
    private final PlannerConfig plannerConfig;
    private final Planner planner;
    private final Clock clock;
    private final boolean dryRun;

    public LiveQueries(ClusterPort cluster, VpsiePort vpsie, SnapshotBuilder snapshots, GarbageCollector gc, PlannerConfig plannerConfig,
                       ModeConfig mode, Clock clock) {
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.snapshots = snapshots;
        this.gc = gc;
        this.plannerConfig = plannerConfig;
        this.planner = new Planner(clock);
        this.clock = clock;
        this.dryRun = mode.dryRunOn();
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public List<String> groupNames() {
        return cluster.nodeGroups().stream().map(NodeGroup::name).sorted().toList();
    }

    @Override
    public List<NodeGroupSummary> summaries() {
        ClusterView view = cluster.read();
        Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes = sizeLookup();
        return view.nodeGroups().stream().sorted(Comparator.comparing(NodeGroup::name))
                .map(g -> NodeGroupSummary.of(g, view, sizeOrNull(sizes, g), g.spec().vpsie() == null || g.spec().vpsie().clusterId() == null
                        ? List.of() : gc.unattributed(g.spec().vpsie().clusterId()), clock.instant())).toList();
    }

    private static VpsiePort.VpsieGroup sizeOrNull(Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes, NodeGroup g) {
        try {
            return sizes.apply(g).orElse(null);
        } catch (VpsiePort.VpsieException e) {
            LOG.warn("size of {} unknown: {}", g.name(), e.getMessage());
            return null;
        }
    }

    @Override
    public PlanView livePlan() {
        return plan(cluster.read());
    }

    @Override
    public Optional<Explanations.NodeAnswer> explainNode(String name) {
        ClusterView view = cluster.read();
        return Explanations.node(view, plan(view), name, clock.instant());
    }

    @Override
    public Optional<Explanations.PodAnswer> explainPod(String namespace, String name) {
        ClusterView view = cluster.read();
        return Explanations.pod(view, plan(view), namespace + "/" + name, clock.instant(), snapshots.provisionTime());
    }

    @Override
    public PlanView plan(ClusterView view) {
        return whatIf(view, sizeLookup());
    }

    @Override
    public PlanView whatIfOnLiveGroups(ClusterView dump) {
        boolean live = dump.nodeGroups().isEmpty();
        List<NodeGroup> groups = live ? cluster.nodeGroups() : dump.nodeGroups();
        // A dump without its own policy is planned under the live one, as it is under the live groups.
        return plan(new ClusterView(dump.nodes(), dump.pods(), groups, dump.pdbs(), dump.daemonSets(), dump.gated(),
                dump.policy() != null ? dump.policy() : cluster.policy()));
    }

    @Override
    public PlanView whatIf(ClusterView view, Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes) {
        return whatIf(view, sizes, vpsie::offers);
    }

    @Override
    public PlanView whatIf(ClusterView view, Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes,
                           Function<String, List<VpsiePort.VpsieSize>> offers) {
        Map<String, PlanView.Skipped> skipped = new LinkedHashMap<>();
        ClusterSnapshot snapshot = snapshots.build(view, sizes, clock.instant(), skipped);
        PlanningPolicy policy = plannerConfig.policy().withLimits(PolicyRules.limits(view.policy()));
        if (view.policy() != null && view.policy().spec().autoProvisioning() != null) {
            policy = policy.withAutoProvisioning(snapshots.newGroups(view.policy(), view, offers, datacenter(view, sizes)));
        }
        return new PlanView(planner.plan(snapshot, policy), skipped, view.gated());
    }

    /** The datacenter of the first group VPSie knows, where a policy that names none creates groups; null when none is known. */
    private static String datacenter(ClusterView view, Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes) {
        for (NodeGroup g : view.nodeGroups()) {
            try {
                Optional<String> dc = sizes.apply(g).map(VpsiePort.VpsieGroup::datacenter);
                if (dc.isPresent()) {
                    return dc.get();
                }
            } catch (VpsiePort.VpsieException e) {
                LOG.debug("datacenter of {} unknown: {}", g.name(), e.getMessage());
            }
        }
        return null;
    }

    /** VPSie's node groups, read once per VPSie cluster per lookup. */
    private Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizeLookup() {
        Map<String, List<VpsiePort.VpsieGroup>> byCluster = new HashMap<>();
        return g -> {
            NodeGroup.VpsieRef ref = g.spec().vpsie();
            if (ref == null || ref.clusterId() == null || ref.nodeGroupId() == null) {
                return Optional.empty();
            }
            List<VpsiePort.VpsieGroup> groups = byCluster.computeIfAbsent(ref.clusterId(), vpsie::nodeGroups);
            return groups.stream().filter(v -> v.id() == ref.nodeGroupId()).findFirst();
        };
    }
}
