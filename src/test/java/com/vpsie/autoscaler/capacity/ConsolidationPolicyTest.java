package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cheapest end state: two 4-CPU nodes ($0.2778/h each), each with one 900m pod, a 2-CPU group
 * ($0.0278/h) empty, consolidation on (20 %, two nodes per step), scale-down's threshold 0.05.
 */
class ConsolidationPolicyTest {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();

    private void node(String name, String group, long cpu, String... pods900m) {
        nodes.add(Fixtures.node(name, group, res(cpu, cpu * 2, 110), Map.of("pool", group)));
        for (String p : pods900m) {
            pods.add(Pod.pending("shop", p, res(900, 500, 0)).withLabels(Map.of("app", p)).withOwner("ReplicaSet", false)
                    .boundTo(name, PodPhase.RUNNING));
        }
    }

    private Plan plan(ConsolidationPolicy.Policy policy) {
        ConsolidationPolicy c = new ConsolidationPolicy(true, 20, 2, policy);
        GroupTemplate exp = GroupTemplate.of("exp", 0, 5, Map.of("pool", "exp"), List.of(), res(4000, 8000, 110)).withCost(0, 0.2778)
                .withScaleDown(new ScaleDownPolicy(true, 0.05, Duration.ofMinutes(10), Duration.ofMinutes(10), 1, c), null, Map.of());
        GroupTemplate cheap = GroupTemplate.of("cheap", 0, 5, Map.of("pool", "cheap"), List.of(), res(1900, 3800, 110)).withCost(0, 0.0278);
        return Fixtures.plan(new ClusterSnapshot(nodes, pods, List.of(exp, cheap), List.of(), List.of()), PlanningPolicy.DEFAULT);
    }

    private void issueWorld() {
        node("exp-0", "exp", 4000, "a");
        node("exp-1", "exp", 4000, "b");
    }

    @Test
    void replacementsOnlyLeaveANodeWhosePodsFitElsewhereToScaleDown() {
        issueWorld();
        Plan p = plan(ConsolidationPolicy.Policy.REPLACE);
        assertThat(p.replacements()).isEmpty();
        assertThat(p.group("exp").orElseThrow().reasons()).anySatisfy(r -> assertThat(r).contains("could go without a replacement"));
        assertThat(p.group("exp").orElseThrow().scaleDownCandidates()).as("23% is above 5%").isEmpty();
    }

    @Test
    void whenEmptyOrUnderutilizedEndsAtOneCheapNode() {
        issueWorld();
        assertThat(plan(ConsolidationPolicy.Policy.WHEN_EMPTY_OR_UNDERUTILIZED).replacements()).singleElement().satisfies(r -> {
            assertThat(r.nodes()).containsExactly("exp-0", "exp-1");
            assertThat(r.byGroup()).isEqualTo("cheap");
            assertThat(r.newNodes()).isEqualTo(1);
            assertThat(r.hourlyBefore()).isEqualTo(0.5556, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(r.hourlyAfter()).isEqualTo(0.0278, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void deletingIsChosenWhenItIsCheapest() {
        issueWorld();
        node("exp-2", "exp", 4000, "c", "d");  // room for a and b: deleting two nodes beats any replacement
        assertThat(plan(ConsolidationPolicy.Policy.WHEN_EMPTY_OR_UNDERUTILIZED).replacements()).singleElement().satisfies(r -> {
            assertThat(r.nodes()).containsExactly("exp-0", "exp-1");
            assertThat(r.newNodes()).isZero();
            assertThat(r.hourlyAfter()).isZero();
            assertThat(r.reason()).contains("deleted");
        });
    }

    @Test
    void whenEmptyDeletesOnlyEmptyNodes() {
        issueWorld();
        node("exp-idle", "exp", 4000);
        Plan p = plan(ConsolidationPolicy.Policy.WHEN_EMPTY);
        assertThat(p.replacements()).singleElement().satisfies(r -> {
            assertThat(r.nodes()).containsExactly("exp-idle");
            assertThat(r.newNodes()).isZero();
        });
    }

    @Test
    void whenEmptyWithNoEmptyNodeDoesNothing() {
        issueWorld();
        Plan p = plan(ConsolidationPolicy.Policy.WHEN_EMPTY);
        assertThat(p.replacements()).isEmpty();
        assertThat(p.group("exp").orElseThrow().reasons()).contains("consolidation: no empty node to delete");
    }
}
