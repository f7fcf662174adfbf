package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.vpsie.autoscaler.capacity.Fixtures.NOW;
import static com.vpsie.autoscaler.capacity.Fixtures.pods;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static com.vpsie.autoscaler.capacity.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

/** Budgets, empty nodes in bulk, a window's cap and do-not-disrupt, on the planner alone. */
class DisruptionTest {
    private static final Instant LONG_AGO = NOW.minus(Duration.ofHours(1));

    private final List<Node> nodes = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();

    private void node(String name, long... podCpu) {
        nodes.add(Fixtures.node(name, "g", res(4000, 8000, 110), Map.of()));
        for (int i = 0; i < podCpu.length; i++) {
            pods.add(running(pods(name + "-app-" + i, 1, podCpu[i], 100).get(0).withOwner("ReplicaSet", false), name));
        }
    }

    private GroupTemplate group(int min, Disruption d) {
        Map<String, Instant> since = new java.util.HashMap<>();
        nodes.forEach(n -> since.put(n.name(), LONG_AGO));
        return GroupTemplate.of("g", min, 10, Map.of(), List.of(), res(4000, 8000, 110))
                .withScaleDown(ScaleDownPolicy.DEFAULT, null, since).withDisruption(d);
    }

    private GroupPlan plan(GroupTemplate g) {
        return Fixtures.plan(new ClusterSnapshot(nodes, pods, List.of(g), List.of(), List.of()), PlanningPolicy.DEFAULT).group("g").orElseThrow();
    }

    private static Disruption budget(int nodes, DisruptionReason... reasons) {
        return new Disruption(List.of(new Disruption.Budget(nodes, Set.of(reasons), "spec.disruption.budgets[0] allows " + nodes)), 0,
                Integer.MAX_VALUE, null);
    }

    @Test
    void withoutBudgetsOneNodePerStepGoesAsBefore() {
        node("e1");
        node("e2");
        node("e3");
        assertThat(plan(group(0, Disruption.NONE)).scaleDown()).hasSize(1);
    }

    @Test
    void aBudgetOfOneLetsOneOfThreeEmptyNodesGo() {
        node("e1");
        node("e2");
        node("e3");
        GroupPlan p = plan(group(0, budget(1)));
        assertThat(p.scaleDown()).containsExactly("e1");
        assertThat(p.reasons()).anySatisfy(r -> assertThat(r).contains("e2, e3 wait(s) for the disruption budget: spec.disruption.budgets[0]"));
    }

    @Test
    void aBudgetOfAllLetsEmptyNodesGoTogetherNotOnePerStep() {
        node("e1");
        node("e2");
        node("e3");
        assertThat(plan(group(0, budget(3, DisruptionReason.EMPTY))).scaleDown()).containsExactly("e1", "e2", "e3");
    }

    @Test
    void busyNodesStillGoOnePerStepUnderALargeBudget() {
        node("a", 100);
        node("b", 100);
        node("c", 100);
        assertThat(plan(group(0, budget(3))).scaleDown()).hasSize(1);
    }

    @Test
    void aBudgetOfZeroForbidsAndNodesBeingRemovedCount() {
        node("e1");
        node("e2");
        assertThat(plan(group(0, budget(0))).scaleDown()).isEmpty();
        Disruption oneDraining = new Disruption(budget(1).budgets(), 1, Integer.MAX_VALUE, null);
        assertThat(plan(group(0, oneDraining)).scaleDown()).as("the node being drained holds the budget").isEmpty();
    }

    @Test
    void aBudgetForOtherReasonsDoesNotHoldEmptyNodes() {
        node("e1");
        node("e2");
        assertThat(plan(group(0, budget(0, DisruptionReason.UNDERUTILIZED))).scaleDown()).containsExactly("e1");
    }

    @Test
    void aWindowCapDrainsTheGroupDownToItAndNamesTheWindow() {
        node("a", 3000);
        node("b", 2000);
        node("c", 1000);
        Disruption cap = new Disruption(List.of(), 0, 1, "schedule night caps the group at 1 node(s) until 2026-11-26T06:00+01:00[Europe/Berlin]");
        GroupPlan p = plan(group(2, cap));
        assertThat(p.scaleDown()).as("the emptiest two, whatever their use; the cap wins over the floor").containsExactly("c", "b");
        assertThat(p.desiredNodes()).isEqualTo(1);
        assertThat(p.reasons()).anySatisfy(r -> assertThat(r).contains("schedule night caps the group at 1 node(s)"));
    }

    @Test
    void aCapHoldsAddsAndSaysWhichWindow() {
        node("a", 3900);
        pods.add(Pod.pending("default", "more", res(2000, 100, 0)));
        Disruption cap = new Disruption(List.of(), 0, 1, "schedule night caps the group at 1 node(s) until 06:00");
        Plan plan = Fixtures.plan(new ClusterSnapshot(nodes, pods, List.of(group(0, cap)), List.of(), List.of()), PlanningPolicy.DEFAULT);
        assertThat(plan.group("g").orElseThrow().scaleUp()).isZero();
        assertThat(plan.unschedulablePods()).singleElement().satisfies(u -> assertThat(u.reason()).contains("capped at 1 node(s): schedule night"));
    }

    @Test
    void aCapRespectsTheBudgets() {
        node("a");
        node("b");
        node("c");
        Disruption capped = new Disruption(budget(1).budgets(), 0, 0, "schedule night caps the group at 0 node(s) until 06:00");
        assertThat(plan(group(0, capped)).scaleDown()).hasSize(1);
    }

    @Test
    void doNotDisruptOnAPodOrANodeKeepsTheNodeAndIsNamed() {
        node("a", 100);
        node("b", 100);
        node("free");
        pods.set(0, pods.get(0).withAnnotations(Map.of("autoscaler.vpsie.com/do-not-disrupt", "true")));
        Node b = nodes.get(1);
        nodes.set(1, new Node(b.name(), b.nodeGroup(), b.labels(), Map.of("karpenter.sh/do-not-disrupt", "true"), b.taints(), b.allocatable(),
                true, false));
        GroupPlan p = plan(group(0, Disruption.NONE));
        assertThat(p.scaleDownBlocked()).extracting(x -> x.node(), x -> x.blocker().code())
                .contains(org.assertj.core.groups.Tuple.tuple("a", Blocker.Code.POD_DO_NOT_DISRUPT), org.assertj.core.groups.Tuple.tuple("b", Blocker.Code.NODE_DO_NOT_DISRUPT));
        assertThat(p.scaleDownBlocked().stream().filter(x -> x.node().equals("a")).findFirst().orElseThrow().blocker().message())
                .contains(pods.get(0).key());
    }
}
