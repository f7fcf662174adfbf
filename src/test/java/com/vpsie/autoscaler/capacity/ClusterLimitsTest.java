package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

/** The AutoscalerPolicy's cluster-wide limits in the planner: nodes, cores, memory and dollars per hour, and a policy that cannot be read. */
class ClusterLimitsTest {
    private static final long GI = 1024L * 1024 * 1024;
    private final List<Node> nodes = new ArrayList<>();

    /** Two groups: small (2 CPU / 4 GB at $0.03/h) with one empty node, large (8 CPU / 16 GB at $0.12/h); ten 1.5-CPU pods pending for small. */
    private Plan plan(ClusterLimits limits, int smallMin) {
        GroupTemplate small = GroupTemplate.of("small", smallMin, 20, Map.of("pool", "small"), List.of(), res(1900, 3500, 110))
                .withCaps(smallMin, Integer.MAX_VALUE, 0).withCost(0, 0.03).withMachine(new GroupTemplate.Machine(2, 4096));
        GroupTemplate large = GroupTemplate.of("large", 0, 20, Map.of("pool", "large"), List.of(), res(7800, 15000, 110)).withCost(0, 0.12)
                .withMachine(new GroupTemplate.Machine(8, 16384));
        nodes.clear();
        nodes.add(Fixtures.node("small-1", "small", res(1900, 3500, 110), Map.of("pool", "small")));
        List<Pod> pods = Fixtures.pods("web", 10, 1500, 100, p -> p.withPlacementRules(Map.of("pool", "small"), null, List.of()));
        return Fixtures.plan(new ClusterSnapshot(nodes, pods, List.of(small, large)),
                new PlanningPolicy(Expander.LEAST_COST, 0).withLimits(limits));
    }

    private static int adds(Plan p, String group) {
        return p.group(group).orElseThrow().scaleUp();
    }

    @Test
    void withoutLimitsEveryPodGetsItsNode() {
        assertThat(adds(plan(ClusterLimits.NONE, 0), "small")).as("one pod fits small-1, nine need a node each").isEqualTo(9);
    }

    @Test
    void eachLimitStopsTheAddsWhereItBindsAndNamesItself() {
        Plan byNodes = plan(new ClusterLimits(4, 0, 0, 0, null), 0);
        assertThat(adds(byNodes, "small")).as("4 nodes, 1 held").isEqualTo(3);
        assertThat(byNodes.unschedulablePods()).as("10 pods: one on small-1, three on new nodes").hasSize(6)
                .allSatisfy(u -> assertThat(u.reason()).contains("AutoscalerPolicy spec.limits.nodes 4 node(s) reached"));
        assertThat(adds(plan(new ClusterLimits(0, 9000, 0, 0, null), 0), "small")).as("9 cores: 2 held, 3 more 2-CPU nodes").isEqualTo(3);
        assertThat(adds(plan(new ClusterLimits(0, 0, 20 * GI, 0, null), 0), "small")).as("20 GiB: 4 held, 4 more").isEqualTo(4);
        Plan byPrice = plan(new ClusterLimits(0, 0, 0, 0.10, null), 0);
        assertThat(adds(byPrice, "small")).as("$0.10/h: $0.03 held, 2 more").isEqualTo(2);
        assertThat(byPrice.unschedulablePods()).isNotEmpty().allSatisfy(u -> assertThat(u.reason()).contains("spec.limits.hourlyPrice $0.1000/h reached"));
    }

    @Test
    void aLimitBelowWhatRunsAddsNothingAndRemovesNothing() {
        Plan p = plan(new ClusterLimits(0, 1000, 0, 0, null), 0);
        assertThat(adds(p, "small")).isZero();
        assertThat(p.group("small").orElseThrow().scaleDown()).isEmpty();
        assertThat(p.group("small").orElseThrow().desiredNodes()).isEqualTo(1);
    }

    @Test
    void aFloorAboveTheLimitIsHeldBackAndSaysWhy() {
        Plan p = plan(new ClusterLimits(3, 0, 0, 0, null), 6);
        assertThat(p.group("small").orElseThrow().desiredNodes()).as("3 nodes at most").isLessThanOrEqualTo(3);
        assertThat(p.group("small").orElseThrow().reasons()).anySatisfy(r -> assertThat(r).contains("held back: AutoscalerPolicy spec.limits.nodes"));
    }

    @Test
    void aPolicyThatCannotBeReadAddsNothing() {
        Plan p = plan(ClusterLimits.refusing("AutoscalerPolicy default: spec.limits.memory: expected a quantity, got 'lots'"), 0);
        assertThat(adds(p, "small")).isZero();
        assertThat(p.unschedulablePods()).hasSize(9).allSatisfy(u -> assertThat(u.reason()).contains("spec.limits.memory: expected a quantity"));
    }

    /** A group whose price VPSie does not say could take the total anywhere: under an hourly limit it adds nothing (fail closed). */
    @Test
    void anHourlyLimitAddsNothingToAGroupOfUnknownPrice() {
        GroupTemplate unpriced = GroupTemplate.of("small", 0, 20, Map.of("pool", "small"), List.of(), res(1900, 3500, 110)).withCost(0, 0);
        List<Pod> pods = Fixtures.pods("web", 3, 1500, 100, p -> p.withPlacementRules(Map.of("pool", "small"), null, List.of()));
        Plan p = Fixtures.plan(new ClusterSnapshot(List.of(), pods, List.of(unpriced)),
                new PlanningPolicy(Expander.LEAST_COST, 0).withLimits(new ClusterLimits(0, 0, 0, 0.06, null)));
        assertThat(adds(p, "small")).isZero();
        assertThat(p.unschedulablePods()).hasSize(3).allSatisfy(u -> assertThat(u.reason()).contains("cannot be kept: VPSie's price of this group's nodes is unknown"));
        assertThat(adds(Fixtures.plan(new ClusterSnapshot(List.of(), pods, List.of(unpriced)), PlanningPolicy.DEFAULT), "small"))
                .as("without an hourly limit the price does not matter").isEqualTo(3);
    }
}
