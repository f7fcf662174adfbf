package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static com.vpsie.autoscaler.capacity.Fixtures.HOST;
import static com.vpsie.autoscaler.capacity.Fixtures.ZONE;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Invariants of the planner on random clusters: groups of several sizes and zones, pods of mixed
 * shapes with node selectors, host ports, anti-affinity and spreading, nodes part-full.
 */
class PlannerPropertiesTest {

    /** A random world, the same for the same seed. */
    private static ClusterSnapshot world(long seed, int groupCount, int nodeCount, int pendingCount, boolean withPending) {
        Random r = new Random(seed);
        List<GroupTemplate> groups = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            int min = r.nextInt(3);
            GroupTemplate t = GroupTemplate.of("g" + g, min, min + 1 + r.nextInt(12), Map.of("pool", "g" + g, ZONE, "z" + (g % 2)), List.of(),
                    res(1000L * (1 + r.nextInt(8)), 1024L * (1 + r.nextInt(16)), 10 + r.nextInt(100)));
            groups.add(t.withCaps(min, 1 + r.nextInt(20), r.nextInt(2)).withCost(r.nextInt(3), 0.01 * (1 + r.nextInt(20))));
        }
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            GroupTemplate g = groups.get(r.nextInt(groups.size()));
            String name = "node-" + n;
            nodes.add(Fixtures.node(name, g.name(), g.allocatable(), g.labels()));
            long cpuLeft = g.allocatable().milliCpu();
            for (int k = r.nextInt(4); k > 0; k--) {
                long cpu = 50 + r.nextInt(600);
                if (cpu > cpuLeft) {
                    break;
                }
                cpuLeft -= cpu;
                pods.add(decorate(Pod.pending("default", name + "-run-" + k, res(cpu, 64 + r.nextInt(256), 0)), r).boundTo(name, PodPhase.RUNNING));
            }
        }
        for (int i = 0; withPending && i < pendingCount; i++) {
            pods.add(decorate(Pod.pending("default", "pending-" + i, res(50 + r.nextInt(2500), 64 + r.nextInt(3000), 0)), r));
        }
        return new ClusterSnapshot(nodes, pods, groups);
    }

    private static Pod decorate(Pod p, Random r) {
        String app = "app" + r.nextInt(4);
        p = p.withLabels(Map.of("app", app));
        int kind = r.nextInt(8);
        return switch (kind) {
            case 0 -> p.withPlacementRules(Map.of("pool", "g" + r.nextInt(3)), null, List.of());
            case 1 -> p.withPodRules(List.of(), List.of(), List.of(new HostPort(null, "TCP", 8080)));
            case 2 -> p.withPodRules(List.of(new AffinityTerm(LabelSelector.of(Map.of("app", app)), HOST, Set.of())), List.of(), List.of());
            case 3 -> p.withPodRules(List.of(), List.of(new SpreadConstraint(1 + r.nextInt(2), r.nextBoolean() ? HOST : ZONE,
                    LabelSelector.of(Map.of("app", app)), 1 + r.nextInt(3))), List.of());
            default -> p;
        };
    }

    @Test
    void groupsStayWithinMinAndMax() {
        qt().withExamples(150).forAll(longs().all(), integers().between(1, 4), integers().between(0, 8), integers().between(0, 40))
                .checkAssert(this::groupsStayWithinMinAndMax);
    }

    private void groupsStayWithinMinAndMax(long seed, int groups, int nodes, int pending) {
        ClusterSnapshot s = world(seed, groups, nodes, pending, true);
        Plan plan = Fixtures.plan(s, PlanningPolicy.DEFAULT);
        for (GroupTemplate g : s.groups()) {
            GroupPlan p = plan.group(g.name()).orElseThrow();
            if (p.currentNodes() + p.provisioningNodes() <= g.maxNodes()) {
                assertThat(p.currentNodes() + p.provisioningNodes() + p.scaleUp()).as(g.name() + " max").isLessThanOrEqualTo(g.maxNodes());
            }
            assertThat(p.scaleUp()).isLessThanOrEqualTo(Math.max(g.maxNodesPerStep(), g.floor()));
            assertThat(p.currentNodes() - p.scaleDown().size()).as(g.name() + " floor").isGreaterThanOrEqualTo(Math.min(p.currentNodes(), g.floor()));
            assertThat(p.desiredNodes()).isGreaterThanOrEqualTo(Math.min(g.minNodes(), g.maxNodes()));
        }
    }

    /** Rebuilds the planner's final cluster from scratch and checks every placed pod against every rule. */
    @Test
    void everyPlacedPodFitsItsNodeByEveryRule() {
        qt().withExamples(150).forAll(longs().all(), integers().between(1, 4), integers().between(0, 8), integers().between(0, 40))
                .checkAssert(this::everyPlacedPodFitsItsNodeByEveryRule);
    }

    /**
     * A world QuickTheories found on 2026-12-07 (seed 112001669437357629, 3 groups, 0 nodes, 20 pending):
     * the spread settling's last round moved a pod into a zone already at its skew, and nothing checked it again.
     */
    @Test
    void aZoneSpreadBrokenByTheSettlingsLastMoveIsNotPlanned() {
        everyPlacedPodFitsItsNodeByEveryRule(112001669437357629L, 3, 0, 20);
    }

    private void everyPlacedPodFitsItsNodeByEveryRule(long seed, int groups, int nodes, int pending) {
        ClusterSnapshot s = world(seed, groups, nodes, pending, true);
        PlannedCluster after = new ScaleUpPlanner(s, PlanningPolicy.DEFAULT).plan().after();
        for (PlannedNode target : after.nodes()) {
            for (Pod placed : target.pods()) {
                PlannedCluster fresh = new PlannedCluster();
                PlannedNode again = null;
                for (PlannedNode n : after.nodes()) {
                    PlannedNode copy = fresh.add(n.node(), n.kind(), n.node().allocatable());
                    for (Pod p : n.pods()) {
                        if (p != placed) {
                            fresh.seed(p, copy);
                        }
                    }
                    if (n == target) {
                        again = copy;
                    }
                }
                if (placed.occupiesNode()) {
                    continue; // running before the plan: kube-scheduler's business, not ours
                }
                Rejection why = FitPredicate.check(placed, again, fresh.prepare(placed));
                assertThat(why).as(placed.key() + " on " + target.name()).isNull();
            }
        }
    }

    /**
     * Takes the candidates out of a fresh simulation one by one, in the plan's order, and re-places
     * every pod that must move (including pods an earlier removal moved there) on what is left.
     */
    @Test
    void removingTheCandidatesAndReplacingTheirPodsSucceeds() {
        qt().withExamples(150).forAll(longs().all(), integers().between(1, 3), integers().between(1, 10))
                .checkAssert(this::removingTheCandidatesAndReplacingTheirPodsSucceeds);
    }

    private void removingTheCandidatesAndReplacingTheirPodsSucceeds(long seed, int groups, int nodes) {
        ClusterSnapshot s = world(seed, groups, nodes, 0, false);
        Plan plan = Fixtures.plan(s, PlanningPolicy.DEFAULT);
        PlannedCluster sim = PlannedCluster.of(s.nodes(), s.pods(), PlannedCluster.Seating.BOUND);
        for (GroupPlan g : plan.nodeGroups()) {
            for (String name : g.candidateNames()) {
                PlannedNode gone = sim.node(name);
                List<Pod> moving = gone.pods().stream().filter(DrainRules::mustMove)
                        .sorted(Comparator.comparingLong((Pod p) -> -p.requests().milliCpu()).thenComparing(Pod::key)).toList();
                sim.remove(gone);
                for (Pod p : moving) {
                    Pod free = p.boundTo("", PodPhase.PENDING);
                    PreFilterState cycle = sim.prepare(free);
                    PlannedNode target = sim.nodes().stream().filter(n -> FitPredicate.check(free, n, cycle) == null).findFirst().orElse(null);
                    assertThat(target).as(p.key() + " from " + name).isNotNull();
                    sim.place(free, target);
                }
            }
        }
    }

    @Test
    void theSameInputGivesTheSamePlanWhateverTheOrder() {
        qt().withExamples(100).forAll(longs().all(), integers().between(1, 4), integers().between(0, 8), integers().between(0, 40))
                .checkAssert(this::theSameInputGivesTheSamePlanWhateverTheOrder);
    }

    private void theSameInputGivesTheSamePlanWhateverTheOrder(long seed, int groups, int nodes, int pending) {
        ClusterSnapshot s = world(seed, groups, nodes, pending, true);
        List<Node> n = new ArrayList<>(s.nodes());
        List<Pod> p = new ArrayList<>(s.pods());
        List<GroupTemplate> g = new ArrayList<>(s.groups());
        Random r = new Random(seed);
        Collections.shuffle(n, r);
        Collections.shuffle(p, r);
        Collections.shuffle(g, r);
        Plan first = Fixtures.plan(s, PlanningPolicy.DEFAULT);
        assertThat(Fixtures.plan(s, PlanningPolicy.DEFAULT)).isEqualTo(first);
        assertThat(Fixtures.plan(new ClusterSnapshot(n, p, g), PlanningPolicy.DEFAULT)).isEqualTo(first);
    }

    /**
     * Every consolidation proposal on a random quiet cluster (consolidation on in every group, random
     * savings thresholds and budgets): within its caps, saves what the group asks, spends no budget
     * past what it allows, and every pod of the replaced nodes is placed again, by every rule, on
     * the nodes that stay and the new nodes it names.
     */
    @Test
    void noConsolidationLeavesAPodWithoutAPlaceOrBreaksABudget() {
        qt().withExamples(200).forAll(longs().all(), integers().between(2, 3), integers().between(2, 10))
                .checkAssert(this::noConsolidationLeavesAPodWithoutAPlaceOrBreaksABudget);
    }

    /**
     * Found by the property above on a CI run: node-2's pods fit on the two nodes that stay only
     * once an empty new node lowers a hostname spread's minimum (the pod with maxSkew 2 then goes
     * to node-1 instead of node-0). A replacement whose new node its own layout leaves empty was
     * proposed; it is not any more.
     */
    @Test
    void noReplacementPaysForANodeItsLayoutLeavesEmpty() {
        Plan plan = Fixtures.plan(consolidationWorld(353441334488360225L, 2, 3, ConsolidationPolicy.Policy.REPLACE), PlanningPolicy.DEFAULT);
        assertThat(plan.replacements()).isEmpty();
        assertThat(plan.nodeGroups().get(0).reasons()).contains("consolidation: no replacement of its nodes saves 25% or more");
    }

    /** Proposals the property saw: a property over no proposal at all would prove nothing. */
    private final java.util.concurrent.atomic.AtomicInteger proposals = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger deletions = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.api.AfterEach
    void someWorldsHadAProposal() {
        if (proposals.get() == 0 && seenConsolidationWorlds.get() > 0) {
            throw new AssertionError("no consolidation proposal in " + seenConsolidationWorlds.get() + " random worlds: the generator tests nothing");
        }
        if (deletions.get() == 0 && seenConsolidationWorlds.get() > 0) {
            throw new AssertionError("no deletion by consolidation in " + seenConsolidationWorlds.get() + " random worlds: its moves go unchecked");
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger seenConsolidationWorlds = new java.util.concurrent.atomic.AtomicInteger();

    /** {@link #fullWorld} with consolidation on in every group, and budgets for some apps. */
    private static ClusterSnapshot consolidationWorld(long seed, int groupCount, int nodeCount) {
        return consolidationWorld(seed, groupCount, nodeCount, null);
    }

    /** @param policy every group's consolidation policy; null: one drawn per group */
    private static ClusterSnapshot consolidationWorld(long seed, int groupCount, int nodeCount, ConsolidationPolicy.Policy policy) {
        ClusterSnapshot base = fullWorld(seed, groupCount, nodeCount);
        Random r = new Random(seed ^ 0x5DEECE66DL);
        Random policies = new Random(seed * 31 + 7);  // its own draws: a seed's world is the one it was before policies came
        List<GroupTemplate> withConsolidation = base.groups().stream().map(g -> g
                .withScaleDown(new ScaleDownPolicy(true, 0.3, java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(10), 1,
                        new ConsolidationPolicy(true, 5 + r.nextInt(30), 1 + r.nextInt(3),
                                policy != null ? policy : ConsolidationPolicy.Policy.values()[policies.nextInt(ConsolidationPolicy.Policy.values().length)])), null, Map.of())).toList();
        List<Pdb> pdbs = new ArrayList<>();
        for (int app = 0; app < 4; app++) {
            if (r.nextBoolean()) {
                pdbs.add(new Pdb("default", "app" + app, LabelSelector.of(Map.of("app", "app" + app)), r.nextInt(6)));
            }
        }
        return new ClusterSnapshot(base.nodes(), base.pods(), withConsolidation, pdbs, List.of());
    }

    /**
     * Groups of 1-8 CPUs priced by size give or take a half; nodes filled to 40-95% with pods of
     * 0.2-1.5 CPU, so that a node's pods often do not fit on the others.
     */
    private static ClusterSnapshot fullWorld(long seed, int groupCount, int nodeCount) {
        Random r = new Random(seed);
        List<GroupTemplate> groups = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            int cpus = 1 + r.nextInt(8);
            int min = r.nextInt(2);
            GroupTemplate t = GroupTemplate.of("g" + g, min, min + 2 + r.nextInt(10), Map.of("pool", "g" + g, ZONE, "z" + (g % 2)), List.of(),
                    res(1000L * cpus, 2048L * cpus, 110));
            groups.add(t.withCaps(min, 10, 0).withCost(0, 0.01 * cpus * (0.3 + 1.4 * r.nextDouble())));
        }
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            GroupTemplate g = groups.get(r.nextInt(groups.size()));
            String name = "node-" + n;
            nodes.add(Fixtures.node(name, g.name(), g.allocatable(), g.labels()));
            long cpuLeft = g.allocatable().milliCpu() * (40 + r.nextInt(56)) / 100;
            for (int k = 0; cpuLeft > 200; k++) {
                long cpu = Math.min(cpuLeft, 200 + r.nextInt(1300));
                cpuLeft -= cpu;
                pods.add(decorate(Pod.pending("default", name + "-run-" + k, res(cpu, 64 + r.nextInt(512), 0)), r)
                        .withOwner("ReplicaSet", false).boundTo(name, PodPhase.RUNNING));
            }
        }
        return new ClusterSnapshot(nodes, pods, groups);
    }

    private void noConsolidationLeavesAPodWithoutAPlaceOrBreaksABudget(long seed, int groups, int nodes) {
        seenConsolidationWorlds.incrementAndGet();
        ClusterSnapshot s = consolidationWorld(seed, groups, nodes);
        List<GroupTemplate> withConsolidation = s.groups();
        List<Pdb> pdbs = s.pdbs();
        Plan plan = Fixtures.plan(s, PlanningPolicy.DEFAULT);
        proposals.addAndGet(plan.replacements().size());
        deletions.addAndGet((int) plan.replacements().stream().filter(x -> x.newNodes() == 0).count());
        for (Replacement rep : plan.replacements()) {
            GroupTemplate g = withConsolidation.stream().filter(t -> t.name().equals(rep.group())).findFirst().orElseThrow();
            GroupTemplate by = withConsolidation.stream().filter(t -> t.name().equals(rep.byGroup())).findFirst().orElseThrow();
            int size = s.membersPerGroup().getOrDefault(g.name(), 0);
            assertThat(rep.state()).isEqualTo(Replacement.State.PROPOSED);
            assertThat(rep.nodes().size()).as("per step").isLessThanOrEqualTo(g.scaleDown().consolidation().maxNodesPerStep());
            assertThat(size - rep.nodes().size()).as("floor").isGreaterThanOrEqualTo(g.floor());
            int bySize = s.membersPerGroup().getOrDefault(by.name(), 0) - (by == g ? rep.nodes().size() : 0);
            assertThat(bySize + rep.newNodes()).as("max of " + by.name()).isLessThanOrEqualTo(by.maxNodes());
            assertThat(rep.savingPercent()).isGreaterThanOrEqualTo(g.scaleDown().consolidation().minSavingsPercent());
            assertThat(rep.hourlyBefore()).isEqualTo(rep.nodes().size() * g.hourlyPrice(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(rep.hourlyAfter()).isEqualTo(rep.newNodes() * by.hourlyPrice(), org.assertj.core.data.Offset.offset(1e-9));

            PlannedCluster sim = PlannedCluster.of(s.nodes(), s.pods(), PlannedCluster.Seating.BOUND);
            List<Pod> moving = new ArrayList<>();
            for (String name : rep.nodes()) {
                PlannedNode gone = sim.node(name);
                gone.pods().stream().filter(DrainRules::mustMove).forEach(moving::add);
                sim.remove(gone);
            }
            for (Pdb b : pdbs) {
                assertThat(moving.stream().filter(b::covers).count()).as("budget " + b.name()).isLessThanOrEqualTo(b.disruptionsAllowed());
            }
            List<PlannedNode> fresh = new ArrayList<>();
            for (int i = 0; i < rep.newNodes(); i++) {
                fresh.add(sim.addGroupNode(by, "new-" + i, PlannedNode.Kind.NEW, List.of()));
            }
            moving.sort(Comparator.comparingLong((Pod p) -> -p.requests().milliCpu()).thenComparingLong(p -> -p.requests().memoryBytes())
                    .thenComparing(Pod::key));
            for (Pod p : moving) {
                Pod free = p.boundTo("", PodPhase.PENDING);
                PreFilterState cycle = sim.prepare(free);
                PlannedNode target = sim.nodes().stream().filter(n -> !fresh.contains(n) && n.acceptsPods() && FitPredicate.check(free, n, cycle) == null)
                        .findFirst().orElseGet(() -> fresh.stream().filter(n -> FitPredicate.check(free, n, cycle) == null).findFirst().orElse(null));
                assertThat(target).as(p.key() + " from " + rep.nodes() + " (seed " + seed + ")").isNotNull();
                sim.place(free, target);
            }
            ConsolidationPolicy.Policy policy = g.scaleDown().consolidation().policy();
            if (rep.newNodes() == 0) {
                assertThat(policy).as("only the deleting policies delete (seed " + seed + ")").isNotEqualTo(ConsolidationPolicy.Policy.REPLACE);
                assertThat(rep.byGroup()).isEqualTo(g.name());
            } else {
                assertThat(policy).as("WhenEmpty only deletes (seed " + seed + ")").isNotEqualTo(ConsolidationPolicy.Policy.WHEN_EMPTY);
                assertThat(fresh).as("every new node of a replacement is needed").hasSize(rep.newNodes())
                        .allSatisfy(n -> assertThat(n.pods()).isNotEmpty());
            }
            if (policy == ConsolidationPolicy.Policy.WHEN_EMPTY) {
                assertThat(moving).as("WhenEmpty deletes empty nodes only (seed " + seed + ")").isEmpty();
            }
        }
    }
}
