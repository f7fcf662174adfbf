package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.capacity.Fixtures.node;
import static com.vpsie.autoscaler.capacity.Fixtures.plan;
import static com.vpsie.autoscaler.capacity.Fixtures.pods;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static com.vpsie.autoscaler.capacity.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** spec.headroom: virtual pods that must fit on the group's nodes; they add nodes and keep nodes, and are never reported as pods. */
class HeadroomTest {
    private static GroupTemplate group(int headroomReplicas, long headroomCpu) {
        return GroupTemplate.of("g", 1, 10, Map.of(), List.of(), res(4000, 8000, 110))
                .withHeadroom(List.of(new Headroom(headroomReplicas, res(headroomCpu, 100, 0))));
    }

    /** Nodes of 4 CPU, {@code usedMilli} of each taken by a running pod; headroom of {@code replicas} × {@code cpu}. */
    @ParameterizedTest(name = "{0} node(s) with {1}m used, headroom {2} × {3}m: add {4}")
    @CsvSource({
            "1, 0, 3, 1000, 0",      // 3 CPU of headroom fit the empty node
            "1, 2000, 3, 1000, 1",   // 2 CPU free, 3 needed: one node more
            "2, 3500, 3, 1000, 1",   // 0.5 free on each: three 1-CPU pods need a node of their own
            "1, 0, 0, 1000, 0",      // no headroom asked
            "1, 3500, 9, 1000, 3"})  // nine 1-CPU pods: four to a new node, so three nodes
    void headroomThatDoesNotFitAddsNodes(int nodes, long usedMilli, int replicas, long cpu, int add) {
        List<Node> ns = new ArrayList<>();
        List<Pod> ps = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ns.add(node("g-" + i, "g", res(4000, 8000, 110), Map.of(Node.GROUP_LABEL, "g")));
            if (usedMilli > 0) {
                ps.add(running(pods("used-" + i, 1, usedMilli, 100).get(0).withOwner("ReplicaSet", false), "g-" + i));
            }
        }
        Plan p = plan(ns, ps, List.of(group(replicas, cpu)));

        assertThat(p.group("g").orElseThrow().scaleUp()).as(p.group("g").orElseThrow().reasons().toString()).isEqualTo(add);
        assertThat(p.unschedulablePods()).as("virtual pods are never reported as waiting pods").isEmpty();
        if (replicas > 0) {
            assertThat(p.group("g").orElseThrow().reasons()).anySatisfy(r -> assertThat(r).startsWith("headroom of " + replicas + " pod(s) of"));
        }
    }

    @Test
    void aNodeTheHeadroomNeedsIsNeverRemoved() {
        // Two empty nodes, headroom of 5 CPU: it needs both (3.9 + ... on each), so neither may go although both are idle.
        List<Node> ns = List.of(node("g-0", "g", res(4000, 8000, 110), Map.of(Node.GROUP_LABEL, "g")),
                node("g-1", "g", res(4000, 8000, 110), Map.of(Node.GROUP_LABEL, "g")));
        GroupTemplate g = GroupTemplate.of("g", 0, 10, Map.of(), List.of(), res(4000, 8000, 110))
                .withHeadroom(List.of(new Headroom(5, res(1000, 100, 0))));

        GroupPlan p = plan(ns, List.of(), List.of(g)).group("g").orElseThrow();

        assertThat(p.scaleUp()).isZero();
        assertThat(p.scaleDownCandidates()).as("both nodes host headroom").isEmpty();
        assertThat(p.scaleDownBlocked()).extracting(b -> b.blocker().code()).contains(Blocker.Code.NO_PLACE_FOR_HEADROOM);
    }

    @Test
    void headroomTheGroupCannotGrowForIsSaidInItsReasons() {
        GroupTemplate g = GroupTemplate.of("g", 0, 0, Map.of(), List.of(), res(4000, 8000, 110))
                .withHeadroom(List.of(new Headroom(2, res(1000, 100, 0))));
        GroupPlan p = plan(List.of(), List.of(), List.of(g)).group("g").orElseThrow();
        assertThat(p.reasons()).anySatisfy(r -> assertThat(r).contains("2 fit nowhere").contains("at maxNodes 0"));
    }

    /** Whatever runs and waits, after any plan the whole headroom has a place when the group may grow enough. */
    @Test
    void headroomAlwaysFitsAfterAnyPlan() {
        qt().withExamples(150).forAll(longs().all(), integers().between(0, 6), integers().between(0, 30), integers().between(0, 8))
                .checkAssert((seed, nodes, pending, replicas) -> {
                    java.util.Random r = new java.util.Random(seed);
                    List<Node> ns = new ArrayList<>();
                    List<Pod> ps = new ArrayList<>();
                    for (int i = 0; i < nodes; i++) {
                        ns.add(node("g-" + i, "g", res(4000, 8000, 110), Map.of(Node.GROUP_LABEL, "g")));
                        ps.add(running(pods("run-" + i, 1, 100 + r.nextInt(3800), 100).get(0).withOwner("ReplicaSet", false), "g-" + i));
                    }
                    ps.addAll(pods("wait", pending, 100 + r.nextInt(3000), 100));
                    long cpu = 100 + r.nextInt(3000);
                    GroupTemplate g = GroupTemplate.of("g", 0, 1000, Map.of(), List.of(), res(4000, 8000, 110)).withCaps(0, 1000, 0)
                            .withHeadroom(List.of(new Headroom(replicas, res(cpu, 100, 0))));
                    PlannedCluster after = new ScaleUpPlanner(new ClusterSnapshot(ns, ps, List.of(g)), PlanningPolicy.DEFAULT).plan().after();
                    long placed = after.nodes().stream().flatMap(n -> n.pods().stream()).filter(Headroom::isVirtual).count();
                    assertThat(placed).as("seed %d: headroom pods with a place", seed).isEqualTo((long) replicas);
                });
    }
}
