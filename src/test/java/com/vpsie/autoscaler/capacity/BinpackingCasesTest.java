package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.vpsie.autoscaler.capacity.Fixtures.HOST;
import static com.vpsie.autoscaler.capacity.Fixtures.ZONE;
import static com.vpsie.autoscaler.capacity.Fixtures.node;
import static com.vpsie.autoscaler.capacity.Fixtures.pods;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static com.vpsie.autoscaler.capacity.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published cases of the Cluster Autoscaler's binpacking estimator
 * ({@code src/test/resources/fixtures/binpacking-cases.md}), through the planner API. Each has the
 * estimator's existing node {@code oldnode} in zone-jupiter, full so nothing pending fits on it
 * (a pod of another app fills it, so it counts zero matching pods for spreading); new nodes are
 * in zone-mars.
 */
class BinpackingCasesTest {

    private static Node oldNode() {
        return node("oldnode", null, res(100, 100, 10), Map.of(ZONE, "zone-jupiter"));
    }

    private static Pod filler() {
        return running(Pod.pending("universe", "filler", res(100, 100, 0)).withLabels(Map.of("app", "other")), "oldnode");
    }

    private static Plan run(Resources template, int cap, List<Pod> pending) {
        GroupTemplate g = GroupTemplate.of("g", 0, 100_000, Map.of(ZONE, "zone-mars"), List.of(), template)
                .withCaps(0, cap, 0);
        List<Pod> all = new ArrayList<>(pending);
        all.add(filler());
        return Fixtures.plan(List.of(oldNode()), all, List.of(g));
    }

    private static void expect(Plan plan, int nodes, int placed, int pending) {
        assertThat(plan.group("g").orElseThrow().scaleUp()).as(() -> "nodes; " + plan.group("g").orElseThrow().reasons()).isEqualTo(nodes);
        assertThat(pending - plan.unschedulablePods().size()).as("pods placed").isEqualTo(placed);
    }

    private static SpreadConstraint spread(int maxSkew, String key, int minDomains) {
        return new SpreadConstraint(maxSkew, key, LabelSelector.of(Map.of("app", "estimatee")), minDomains);
    }

    /** One published case: the pods, the template and cap, and the published answer (or ours, where it differs and says why). */
    record Case(Resources template, int cap, List<Pod> pending, int nodes, int placed, Rejection.Code leftBecause) {
    }

    static Stream<Arguments> cases() {
        List<Pod> large = new ArrayList<>(pods("small", 10, 50, 1000));
        large.addAll(pods("large", 10, 500, 1000));
        List<Pod> fiftyOne = new ArrayList<>(pods("estimatee", 50_000, 50, 100));
        fiftyOne.addAll(pods("estimatee-big", 1_000, 95, 190));
        return Stream.of(
                row("1 simple resource binpacking", new Case(res(1000, 2000, 10), 100_000, pods("estimatee", 10, 350, 1000), 5, 10, null)),
                row("2 pod count bounds the node", new Case(res(10_000, 20_000, 10), 100_000, pods("estimatee", 20, 10, 100), 2, 20, null)),
                row("3 host port conflict: one pod per node", new Case(res(1000, 5000, 10), 100_000,
                        pods("estimatee", 8, 200, 1000, x -> x.withPodRules(List.of(), List.of(), List.of(new HostPort(null, "TCP", 5555)))), 8, 8, null)),
                row("4 the cap cuts binpacking", new Case(res(1000, 5000, 10), 5, pods("estimatee", 20, 500, 1000), 5, 10,
                        Rejection.Code.GROUP_STEP_LIMIT)),
                row("5 largest pods first", new Case(res(1000, 5000, 10), 5, large, 5, 10, Rejection.Code.GROUP_STEP_LIMIT)),
                row("6 hostname spread maxSkew 2: two pods per node", new Case(res(1000, 5000, 10), 100_000,
                        pods("estimatee", 8, 200, 200, x -> x.withPodRules(List.of(), List.of(spread(2, HOST, 1)), List.of())), 4, 8, null)),
                row("7 zone spread maxSkew 2: only two pods", new Case(res(1000, 5000, 10), 100_000,
                        pods("estimatee", 8, 20, 100, x -> x.withPodRules(List.of(), List.of(spread(2, ZONE, 1)), List.of())), 1, 2,
                        Rejection.Code.TOPOLOGY_SPREAD)),
                // Published: 3 nodes. See hostnameSpreadWithMinDomainsPacksWithoutTheFullNode for why 12 is what kube-scheduler needs.
                row("8 hostname spread maxSkew 1 minDomains 3", new Case(res(1000, 5000, 10), 100_000, case8Pods(), 12, 12, null)),
                row("B 51,000 pods", new Case(res(1000, 5000, 100), 3000, fiftyOne, 2595, 51_000, null)));
    }

    private static Arguments row(String name, Case c) {
        return Arguments.of(Named.of(name, c));
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void givesThePublishedAnswer(Case c) {
        Plan plan = run(c.template(), c.cap(), c.pending());
        expect(plan, c.nodes(), c.placed(), c.pending().size());
        if (c.leftBecause() != null) {
            assertThat(plan.unschedulablePods()).hasSize(c.pending().size() - c.placed())
                    .allSatisfy(u -> assertThat(u.byGroup().get("g").code()).isEqualTo(c.leftBecause()));
        }
    }

    @Test
    void case5LeavesTheSmallPodsWaiting() {
        List<Pod> p = new ArrayList<>(pods("small", 10, 50, 1000));
        p.addAll(pods("large", 10, 500, 1000));
        assertThat(run(res(1000, 5000, 10), 5, p).unschedulablePods()).extracting(UnschedulablePod::pod).hasSize(10)
                .allMatch(n -> n.startsWith("universe/small-"));
    }

    private static List<Pod> case8Pods() {
        return pods("estimatee", 12, 20, 100, x -> x.withPodRules(List.of(), List.of(spread(1, HOST, 3)), List.of()));
    }

    /**
     * Published answer for case 8: 3 nodes for 12 pods. We answer 12, deliberately: kube-scheduler's
     * rule is matching pods in the domain + 1 − global minimum ≤ maxSkew, and {@code oldnode} is an
     * eligible hostname domain that keeps 0 matching pods (nothing fits on it). So each new node
     * can take exactly one pod; with the published 3 nodes, kube-scheduler would bind 3 pods and
     * leave 9 pending. Without {@code oldnode} the same pods do pack 4 to a node on 3 nodes
     * (minDomains 3 forces the third domain first).
     */
    @Test
    void hostnameSpreadWithMinDomainsPacksWithoutTheFullNode() {
        GroupTemplate g = GroupTemplate.of("g", 0, 100, Map.of(ZONE, "zone-mars"), List.of(), res(1000, 5000, 10));
        expect(Fixtures.plan(List.of(), case8Pods(), List.of(g)), 3, 12, 12);
    }
}
