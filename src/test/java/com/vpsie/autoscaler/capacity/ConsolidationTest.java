package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consolidation: two groups, "big" (8 CPU, $0.10/h a node, two nodes each running five 1-CPU pods:
 * above the scale-down threshold, and neither node's pods fit on the other) and "small" (2 CPU,
 * $0.02/h, none yet). Both big nodes' pods fit on five small nodes: half the price.
 */
class ConsolidationTest {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    private final List<Pdb> pdbs = new ArrayList<>();
    private ConsolidationPolicy policy = new ConsolidationPolicy(true, 20, 2);
    private Replacement.Underway underway;
    private boolean scaleDownOn = true;
    private double bigPrice = 0.10;
    private final double smallPrice = 0.02;

    private void node(String name, String group, long cpu, String... podsOf1Cpu) {
        nodes.add(Fixtures.node(name, group, res(cpu, cpu * 2, 110), Map.of("pool", group)));
        for (String p : podsOf1Cpu) {
            pods.add(Pod.pending("shop", p, res(1000, 1000, 0)).withLabels(Map.of("app", p)).withOwner("ReplicaSet", false).boundTo(name, PodPhase.RUNNING));
        }
    }

    private void bigWorld() {
        node("big-0", "big", 8000, "a-0", "a-1", "a-2", "a-3", "a-4");
        node("big-1", "big", 8000, "b-0", "b-1", "b-2", "b-3", "b-4");
    }

    private Plan plan() {
        GroupTemplate big = GroupTemplate.of("big", 0, 5, Map.of("pool", "big"), List.of(), res(8000, 16000, 110))
                .withCost(0, bigPrice)
                .withScaleDown(new ScaleDownPolicy(scaleDownOn, 0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 1, policy), null, Map.of())
                .withReplacing(underway);
        GroupTemplate small = GroupTemplate.of("small", 0, 5, Map.of("pool", "small"), List.of(), res(2000, 4000, 110)).withCost(0, smallPrice);
        return Fixtures.plan(new ClusterSnapshot(nodes, pods, List.of(big, small), pdbs, List.of()), PlanningPolicy.DEFAULT);
    }

    @Test
    void theEmptiestNodesArReplacedByCheaperOnesWhenEveryPodHasAPlace() {
        bigWorld();
        Plan plan = plan();
        assertThat(plan.replacements()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(Replacement.State.PROPOSED);
            assertThat(r.nodes()).containsExactly("big-0", "big-1");
            assertThat(r.byGroup()).isEqualTo("small");
            assertThat(r.newNodes()).isEqualTo(5);
            assertThat(r.savingPercent()).isEqualTo(50.0, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(plan.group("big").orElseThrow().reasons()).contains(
                "consolidation: the pods of big-0, big-1 would run on 5 new node(s) of small: $0.1000/h instead of $0.2000/h (50% less)");
    }

    @Test
    void atMostMaxNodesPerStepAreReplacedAtOnce() {
        bigWorld();
        policy = new ConsolidationPolicy(true, 20, 1);
        assertThat(plan().replacements()).singleElement().satisfies(r -> {
            // Three of big-0's pods fit on big-1, the other two on one small node.
            assertThat(r.nodes()).containsExactly("big-0");
            assertThat(r.newNodes()).isEqualTo(1);
            assertThat(r.savingPercent()).isEqualTo(80.0, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void aNodeWhosePodsFitOnTheOthersIsLeftToScaleDown() {
        node("big-0", "big", 8000, "a-0");
        node("big-1", "big", 8000, "b-0");
        assertThat(plan().replacements()).isEmpty();
        assertThat(plan().group("big").orElseThrow().reasons()).contains("consolidation: big-0 could go without a replacement; scale-down decides that");
    }

    /** Each row: what changes in the big world, and the reason the big group gives for proposing nothing. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            saving below the minimum   | consolidation: no replacement of its nodes saves 85% or more
            a PDB allows no disruption | consolidation: big-0 may not be drained: PodDisruptionBudget shop/a allows no more disruptions (pod shop/a-0)
            the pods select big nodes  | consolidation: no replacement of its nodes saves 20% or more
            a node is cordoned         | consolidation: a node is cordoned (a drain may be under way)
            the price is unknown       | consolidation: the price of its nodes is unknown
            """)
    void nothingIsProposedWhen(String change, String reason) {
        bigWorld();
        switch (change) {
            case "saving below the minimum" -> policy = new ConsolidationPolicy(true, 85, 2);
            case "a PDB allows no disruption" -> pdbs.add(new Pdb("shop", "a", LabelSelector.of(Map.of("app", "a-0")), 0));
            case "the pods select big nodes" -> pods.replaceAll(p -> p.withPlacementRules(Map.of("pool", "big"), null, List.of()));
            case "a node is cordoned" -> nodes.add(new Node("small-9", "small", Map.of(Node.HOSTNAME_LABEL, "small-9"), Map.of(), List.of(),
                    res(2000, 4000, 110), true, true));
            case "the price is unknown" -> bigPrice = 0;
            default -> throw new IllegalArgumentException(change);
        }
        Plan plan = plan();
        assertThat(plan.replacements()).as(change).isEmpty();
        assertThat(plan.group("big").orElseThrow().reasons()).contains(reason);
    }

    @Test
    void aReplacementUnderWayWaitsForItsNewNodesThenDrainsWhenThePodsStillFit() {
        bigWorld();
        underway = new Replacement.Underway(List.of("big-0"), "small", 3, List.of(), 0.1, 0.06);
        node("small-0", "small", 2000);
        node("small-1", "small", 2000);
        assertThat(plan().replacementOf("big").orElseThrow().state()).isEqualTo(Replacement.State.WAITING_FOR_NODES);
        assertThat(plan().replacementOf("big").orElseThrow().reason()).endsWith("waiting for them to be Ready (2 so far)");
        assertThat(plan().group("big").orElseThrow().scaleDown()).isEmpty();

        node("small-2", "small", 2000);
        Replacement ready = plan().replacementOf("big").orElseThrow();
        assertThat(ready.state()).isEqualTo(Replacement.State.READY_TO_DRAIN);
        assertThat(ready.reason()).contains("the new nodes are Ready and every pod has a place");
        assertThat(plan().group("big").orElseThrow().reasons()).contains("no other scale-down while a replacement (consolidation or repair) takes big-0");
    }

    @Test
    void aReplacementWhosePodsNoLongerFitIsAbandoned() {
        replacingBig0WithThreeSmallNodesReady();
        // A pod of 4 CPUs came to big-0 while the small nodes were being added: it fits neither on big-1 nor on a small node.
        pods.add(Pod.pending("shop", "a-5", res(4000, 1000, 0)).withOwner("ReplicaSet", false).boundTo("big-0", PodPhase.RUNNING));
        Replacement r = plan().replacementOf("big").orElseThrow();
        assertThat(r.state()).isEqualTo(Replacement.State.ABANDONED);
        assertThat(r.reason()).endsWith("abandoned: the pods on big-0 no longer fit on the other nodes");
    }

    /** big-0 is being replaced by three small nodes, and they are Ready. */
    private void replacingBig0WithThreeSmallNodesReady() {
        bigWorld();
        node("small-0", "small", 2000);
        node("small-1", "small", 2000);
        node("small-2", "small", 2000);
        underway = new Replacement.Underway(List.of("big-0"), "small", 3, List.of(), 0.1, 0.06);
    }

    @Test
    void aPodNoGroupCanHostDoesNotHoldConsolidationBack() {
        bigWorld();
        pods.add(Pod.pending("shop", "huge", res(64000, 1000, 0)).withOwner("ReplicaSet", false));
        Plan plan = plan();
        assertThat(plan.unschedulablePods()).hasSize(1);
        assertThat(plan.replacements()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(Replacement.State.PROPOSED));
    }

    @Test
    void theDrainWaitsWhileAnotherGroupAddsNodesForPods() {
        replacingBig0WithThreeSmallNodesReady();
        pods.add(Pod.pending("shop", "batch", res(7000, 1000, 0)).withOwner("ReplicaSet", false).withPlacementRules(Map.of("pool", "big"), null, List.of()));
        Replacement r = plan().replacementOf("big").orElseThrow();
        assertThat(r.state()).isEqualTo(Replacement.State.HELD);
        assertThat(r.reason()).endsWith("the new nodes are Ready; the drain waits while big add(s) nodes");
    }

    @Test
    void aNodeInTheBaselineIsNotTakenForANewOne() {
        bigWorld();
        node("small-0", "small", 2000);
        underway = new Replacement.Underway(List.of("big-0"), "small", 1, List.of("small-0"), 0.1, 0.06);
        assertThat(plan().replacementOf("big").orElseThrow().state()).isEqualTo(Replacement.State.WAITING_FOR_NODES);
    }

    @Test
    void anotherGroupsScaleUpStopsProposals() {
        bigWorld();
        pods.add(Pod.pending("shop", "new", res(1500, 1000, 0)).withOwner("ReplicaSet", false).withPlacementRules(Map.of("pool", "small"), null, List.of()));
        Plan plan = plan();
        assertThat(plan.group("small").orElseThrow().scaleUp()).isEqualTo(1);
        assertThat(plan.replacements()).isEmpty();
        assertThat(plan.group("big").orElseThrow().reasons()).contains("consolidation: small scales up");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            consolidation turned off | true  | spec.scaleDown.consolidation.enabled is false now
            scale-down turned off    | false | spec.scaleDown.enabled is false now
            """)
    void turningItOffAbandonsAReplacementBeforeItsDrain(String row, boolean scaleDown, String why) {
        replacingBig0WithThreeSmallNodesReady();
        policy = scaleDown ? ConsolidationPolicy.OFF : policy;
        scaleDownOn = scaleDown;
        Replacement r = plan().replacementOf("big").orElseThrow();
        assertThat(r.state()).as(row).isEqualTo(Replacement.State.ABANDONED);
        assertThat(r.reason()).endsWith("abandoned: " + why);
    }

    @Test
    void withScaleDownOffNothingIsProposed() {
        bigWorld();
        scaleDownOn = false;
        assertThat(plan().replacements()).isEmpty();
    }

    @Test
    void offByDefault() {
        bigWorld();
        policy = ConsolidationPolicy.OFF;
        assertThat(plan().replacements()).isEmpty();
        assertThat(plan().group("big").orElseThrow().reasons()).noneSatisfy(s -> assertThat(s).startsWith("consolidation"));
    }
}
