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
                pods.add(decorate(Pod.pending("default", name + "-run-" + k, res(cpu, 64 + r.nextInt(256), 0)), r).boundTo(name, "Running"));
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
                List<Pod> moving = gone.pods().stream().filter(EvictionRules::mustMove)
                        .sorted(Comparator.comparingLong((Pod p) -> -p.requests().milliCpu()).thenComparing(Pod::key)).toList();
                sim.remove(gone);
                for (Pod p : moving) {
                    Pod free = p.boundTo("", "Pending");
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
}
