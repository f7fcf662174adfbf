package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.capacity.Fixtures.group;
import static com.vpsie.autoscaler.capacity.Fixtures.pods;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Choosing among groups that could all take the pending pods. */
class ExpanderTest {
    // small: 2 CPU for $0.03/h; large: 8 CPU for $0.10/h (cheaper per CPU) but placed pods waste more on it.
    private final GroupTemplate small = group("small", 50, res(2000, 4000, 110), Map.of()).withCost(0, 0.03);
    private final GroupTemplate large = group("large", 50, res(8000, 16_000, 110), Map.of()).withCost(0, 0.10);

    private Plan plan(List<Pod> pods, Expander e, GroupTemplate... groups) {
        return Fixtures.plan(new ClusterSnapshot(List.of(), pods, List.of(groups)), new PlanningPolicy(e, 0));
    }

    @Test
    void leastCostPicksTheCheapestPricePerPod() {
        // 8 pods of 1 CPU: small needs 4 nodes ($0.12/h), large needs 1 node ($0.10/h).
        Plan p = plan(pods("web", 8, 1000, 1000), Expander.LEAST_COST, small, large);
        assertThat(p.group("large").orElseThrow().scaleUp()).isEqualTo(1);
        assertThat(p.group("small").orElseThrow().scaleUp()).isEqualTo(0);
        assertThat(p.group("large").orElseThrow().reasons().get(0)).as(p.group("large").orElseThrow().reasons().toString()).contains("chosen by least-cost");
    }

    @Test
    void leastCostPrefersTheSmallGroupForASmallLoad() {
        // 2 pods of 1 CPU: small $0.03/h (1 node), large $0.10/h.
        Plan p = plan(pods("web", 2, 1000, 1000), Expander.LEAST_COST, small, large);
        assertThat(p.group("small").orElseThrow().scaleUp()).isEqualTo(1);
        assertThat(p.group("large").orElseThrow().scaleUp()).isEqualTo(0);
    }

    @Test
    void leastWasteFillsNodesBest() {
        // 3 pods of 1.5 CPU: small wastes 25% CPU (3 nodes), large 44% (1 node of 8 CPU for 4.5 CPU).
        Plan p = plan(pods("web", 3, 1500, 3000), Expander.LEAST_WASTE, small, large);
        assertThat(p.group("small").orElseThrow().scaleUp()).isEqualTo(3);
    }

    @Test
    void aGroupAtItsMaximumSaysPodsWaitForItInsteadOfNoPodsNeedingIt() {
        GroupTemplate full = group("full", 0, res(2000, 4000, 110), Map.of());
        Plan p = plan(pods("web", 3, 1000, 1000), Expander.LEAST_COST, full);
        GroupPlan g = p.group("full").orElseThrow();
        assertThat(g.scaleUp()).isEqualTo(0);
        assertThat(g.reasons().stream().anyMatch(r -> r.contains("3 pending pod(s) would fit this group's nodes but wait: at maxNodes 0"))).as(g.reasons().toString()).isTrue();
        assertThat(g.reasons().stream().noneMatch(r -> r.startsWith("no pending pods need this group"))).as(g.reasons().toString()).isTrue();
    }

    @Test
    void priorityWinsOverPrice() {
        GroupTemplate preferred = group("preferred", 50, res(2000, 4000, 110), Map.of()).withCost(10, 0.50);
        Plan p = plan(pods("web", 2, 1000, 1000), Expander.PRIORITY, small, preferred);
        assertThat(p.group("preferred").orElseThrow().scaleUp()).isEqualTo(1);
    }

    @Test
    void aMixedSetUsesSeveralGroupsInOnePlan() {
        GroupTemplate gpu = GroupTemplate.of("gpu", 0, 10, Map.of("pool", "gpu"), List.of(new Taint("dedicated", "gpu", "NoSchedule")),
                res(8000, 32_000, 110)).withCost(0, 1.0);
        Toleration tolerateGpu = new Toleration("dedicated", "Exists", null, "NoSchedule");
        List<Pod> pods = new ArrayList<>(pods("web", 4, 1000, 1000));
        pods.addAll(pods("train", 2, 4000, 8000, p -> p.withPlacementRules(Map.of("pool", "gpu"), null, List.of(tolerateGpu))));
        Plan p = plan(pods, Expander.LEAST_COST, small, gpu);
        assertThat(p.group("small").orElseThrow().scaleUp()).isEqualTo(2);
        assertThat(p.group("gpu").orElseThrow().scaleUp()).isEqualTo(1);
        assertThat(p.unschedulablePods().isEmpty()).isTrue();
    }

    @Test
    void whenACheapGroupIsCappedTheRestOverflowsToTheNext() {
        GroupTemplate cheapButSmall = group("cheap", 1, res(2000, 4000, 110), Map.of()).withCost(0, 0.01);
        Plan p = plan(pods("web", 6, 1000, 1000), Expander.LEAST_COST, cheapButSmall, small);
        assertThat(p.group("cheap").orElseThrow().scaleUp()).isEqualTo(1);
        assertThat(p.group("small").orElseThrow().scaleUp()).isEqualTo(2);
    }

    @Test
    void tiesAreBrokenByName() {
        GroupTemplate twinA = group("twin-a", 10, res(2000, 4000, 110), Map.of()).withCost(0, 0.03);
        GroupTemplate twinB = group("twin-b", 10, res(2000, 4000, 110), Map.of()).withCost(0, 0.03);
        for (int i = 0; i < 3; i++) {
            Plan p = plan(pods("web", 2, 1000, 1000), Expander.LEAST_COST, twinB, twinA);
            assertThat(p.group("twin-a").orElseThrow().scaleUp()).isEqualTo(1);
        }
    }

    @Test
    void unknownExpanderNamesTheChoices() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Expander.parse("random"));
        assertThat(e.getMessage()).isEqualTo("expander: expected one of least-cost, least-waste, priority, got 'random'");
    }
}
