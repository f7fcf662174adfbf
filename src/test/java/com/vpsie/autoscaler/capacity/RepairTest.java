package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.vpsie.autoscaler.capacity.Fixtures.NOW;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

/** Repair in the planner: NotReady nodes replaced after their time, oldest first, one a group; the outage guard; the budget. */
class RepairTest {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();

    private void node(String name, Instant notReadySince, long... podCpu) {
        Node n = Fixtures.node(name, "g", res(2000, 4000, 110), Map.of());
        nodes.add(notReadySince == null ? n : n.notReady(notReadySince));
        for (int i = 0; i < podCpu.length; i++) {
            pods.add(Pod.pending("default", name + "-p" + i, res(podCpu[i], 100, 0)).withOwner("ReplicaSet", false).boundTo(name, PodPhase.RUNNING));
        }
    }

    private Plan plan(RepairPolicy repair, Disruption d) {
        GroupTemplate g = GroupTemplate.of("g", 0, 10, Map.of(), List.of(), res(2000, 4000, 110)).withCost(0, 0.03)
                .withScaleDown(new ScaleDownPolicy(false, 0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 1), null, Map.of())
                .withRepair(repair).withDisruption(d);
        return Fixtures.plan(new ClusterSnapshot(nodes, pods, List.of(g)), PlanningPolicy.DEFAULT);
    }

    private static final RepairPolicy TEN_MINUTES = new RepairPolicy(Duration.ofMinutes(10), 1);

    @Test
    void aNodeNotReadyForItsTimeIsReplacedANewNodeFirstWhenItsPodsFitNowhereElse() {
        node("a", null, 1500);
        node("b", NOW.minus(Duration.ofMinutes(11)), 1500);
        assertThat(plan(TEN_MINUTES, Disruption.NONE).replacements()).singleElement().satisfies(r -> {
            assertThat(r.cause()).isEqualTo(DisruptionReason.UNHEALTHY);
            assertThat(r.nodes()).containsExactly("b");
            assertThat(r.byGroup()).isEqualTo("g");
            assertThat(r.newNodes()).as("b's pod fits nowhere else").isEqualTo(1);
            assertThat(r.reason()).contains("NotReady since").contains("a new node of g first");
        });
    }

    @Test
    void whenItsPodsFitElsewhereItIsOnlyRemoved() {
        node("a", null, 200);
        node("b", NOW.minus(Duration.ofMinutes(11)), 300);
        assertThat(plan(TEN_MINUTES, Disruption.NONE).replacements()).singleElement().satisfies(r -> assertThat(r.newNodes()).isZero());
    }

    @Test
    void notYetItsTimeOrOffOrUnknownSinceWhenNothingIsRepaired() {
        node("a", null);
        node("b", NOW.minus(Duration.ofMinutes(9)));
        assertThat(plan(TEN_MINUTES, Disruption.NONE).replacements()).isEmpty();
        nodes.set(1, nodes.get(1).notReady(NOW.minus(Duration.ofHours(1))));
        assertThat(plan(RepairPolicy.OFF, Disruption.NONE).replacements()).isEmpty();
        Node b = nodes.get(1);
        nodes.set(1, new Node(b.name(), b.nodeGroup(), b.labels(), b.annotations(), b.taints(), b.allocatable(), false, false));
        assertThat(plan(TEN_MINUTES, Disruption.NONE).replacements()).as("NotReady since an unknown time").isEmpty();
    }

    @Test
    void moreNotReadyNodesThanMaxUnhealthyLooksLikeAnOutageAndRepairsNothing() {
        node("a", null);
        node("b", NOW.minus(Duration.ofMinutes(20)));
        node("c", NOW.minus(Duration.ofMinutes(15)));
        Plan p = plan(TEN_MINUTES, Disruption.NONE);
        assertThat(p.replacements()).isEmpty();
        assertThat(p.repairHeld().get("g")).contains("2 of 3 node(s) NotReady").contains("maxUnhealthy (1)");
        Plan wider = plan(new RepairPolicy(Duration.ofMinutes(10), 2), Disruption.NONE);
        assertThat(wider.replacements()).as("the oldest first, one at a time").singleElement()
                .satisfies(r -> assertThat(r.nodes()).containsExactly("b"));
    }

    @Test
    void anUnhealthyBudgetOfZeroHoldsTheRepair() {
        node("a", null);
        node("b", NOW.minus(Duration.ofMinutes(11)));
        Disruption none = new Disruption(List.of(new Disruption.Budget(0, Set.of(DisruptionReason.UNHEALTHY), "budgets[0]")), 0, Integer.MAX_VALUE, null);
        Plan p = plan(TEN_MINUTES, none);
        assertThat(p.replacements()).isEmpty();
        assertThat(p.group("g").orElseThrow().reasons()).anySatisfy(r -> assertThat(r).contains("repair of b waits for the disruption budget"));
    }
}
