package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static com.vpsie.autoscaler.capacity.Fixtures.HOST;
import static com.vpsie.autoscaler.capacity.Fixtures.ZONE;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static com.vpsie.autoscaler.capacity.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule's refusal, through the stand-in scheduler the sandbox uses: the code, and the wording
 * kube-scheduler's FailedScheduling message gives, both derived from the typed reason.
 */
class RejectionTest {
    private static final Map<String, String> APP = Map.of("app", "db");

    /** One node, what already runs on it, and the pod that asks for room. */
    record Row(Node node, List<Pod> running, Pod pod, Rejection.Code code, String wording) {
    }

    private static Node node(Map<String, String> labels, List<Taint> taints, Resources allocatable, boolean ready, boolean cordoned) {
        return new Node("n1", "g", labels, Map.of(), taints, allocatable, ready, cordoned);
    }

    private static Node plain() {
        return node(Map.of(ZONE, "a"), List.of(), res(4000, 8000, 10), true, false);
    }

    private static Pod pod(long milliCpu, long memMi) {
        return Pod.pending("default", "asking", res(milliCpu, memMi, 0));
    }

    private static Pod db(String name) {
        return Pod.pending("default", name, res(100, 100, 0)).withLabels(APP);
    }

    private static Arguments row(String name, Row r) {
        return Arguments.of(Named.of(name, r));
    }

    static Stream<Arguments> rows() {
        AffinityTerm apart = new AffinityTerm(LabelSelector.of(APP), HOST, Set.of());
        HostPort http = new HostPort(null, "TCP", 80);
        SpreadConstraint byZone = new SpreadConstraint(1, ZONE, LabelSelector.of(APP), 1);
        Taint gpu = new Taint("dedicated", "gpu", "NoSchedule");
        Resources withGpu = new Resources(100, 100 * Fixtures.MI, 0, 0, Map.of("nvidia.com/gpu", 1L));
        Resources withDisk = new Resources(100, 100 * Fixtures.MI, 0, 2L << 30, Map.of());
        return Stream.of(
                row("node selector", new Row(plain(), List.of(), pod(100, 100).withPlacementRules(Map.of("pool", "gpu"), NodeAffinity.ANY, List.of()),
                        Rejection.Code.NODE_SELECTOR, "node(s) didn't match Pod's node affinity/selector")),
                row("required node affinity", new Row(plain(), List.of(), pod(100, 100).withPlacementRules(Map.of(),
                        new NodeAffinity(List.of(List.of(new LabelRequirement(ZONE, "In", List.of("b"))))), List.of()),
                        Rejection.Code.NODE_AFFINITY, "node(s) didn't match Pod's node affinity/selector")),
                row("taint", new Row(node(Map.of(), List.of(gpu), res(4000, 8000, 10), true, false), List.of(), pod(100, 100),
                        Rejection.Code.UNTOLERATED_TAINT, "node(s) had untolerated taint dedicated=gpu:NoSchedule")),
                row("cpu", new Row(plain(), List.of(), pod(5000, 100), Rejection.Code.INSUFFICIENT_RESOURCE, "Insufficient cpu")),
                row("memory", new Row(plain(), List.of(), pod(100, 9000), Rejection.Code.INSUFFICIENT_RESOURCE, "Insufficient memory")),
                row("ephemeral storage", new Row(plain(), List.of(), Pod.pending("default", "asking", withDisk),
                        Rejection.Code.INSUFFICIENT_RESOURCE, "Insufficient ephemeral-storage")),
                row("extended resource", new Row(plain(), List.of(), Pod.pending("default", "asking", withGpu),
                        Rejection.Code.INSUFFICIENT_RESOURCE, "Insufficient nvidia.com/gpu")),
                row("pod slots", new Row(node(Map.of(), List.of(), res(4000, 8000, 1), true, false), List.of(running(pod(10, 10), "n1")),
                        pod(100, 100), Rejection.Code.TOO_MANY_PODS, "Too many pods")),
                row("host port", new Row(plain(), List.of(running(pod(10, 10).withPodRules(List.of(), List.of(), List.of(http)), "n1")),
                        pod(100, 100).withPodRules(List.of(), List.of(), List.of(http)),
                        Rejection.Code.HOST_PORT, "node(s) didn't have free ports for the requested pod ports")),
                row("pod anti-affinity", new Row(plain(), List.of(running(db("running"), "n1")),
                        db("asking").withPodRules(List.of(apart), List.of(), List.of()),
                        Rejection.Code.POD_ANTI_AFFINITY, "node(s) didn't match pod anti-affinity rules")),
                row("a running pod's anti-affinity", new Row(plain(), List.of(running(db("running").withPodRules(List.of(apart), List.of(), List.of()), "n1")),
                        db("asking"), Rejection.Code.EXISTING_POD_ANTI_AFFINITY, "node(s) didn't match pod anti-affinity rules")),
                row("topology spread label missing", new Row(node(Map.of(), List.of(), res(4000, 8000, 10), true, false), List.of(),
                        db("asking").withPodRules(List.of(), List.of(byZone), List.of()),
                        Rejection.Code.TOPOLOGY_LABEL_MISSING, "node(s) didn't match pod topology spread constraints")),
                row("not ready", new Row(node(Map.of(), List.of(), res(4000, 8000, 10), false, false), List.of(), pod(100, 100),
                        Rejection.Code.NODE_NOT_READY, "node(s) were not ready")),
                row("cordoned", new Row(node(Map.of(), List.of(), res(4000, 8000, 10), true, true), List.of(), pod(100, 100),
                        Rejection.Code.NODE_UNSCHEDULABLE, "node(s) were unschedulable")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRuleRefusesWithItsCodeAndKubeSchedulersWording(Row r) {
        Scheduler.Outcome o = new Scheduler(List.of(r.node()), r.running()).schedule(r.pod());

        assertThat(o.node()).as("refused").isNull();
        assertThat(o.refusals()).singleElement().satisfies(why -> {
            assertThat(why.code()).isEqualTo(r.code());
            assertThat(why.schedulerWording()).isEqualTo(r.wording());
            assertThat(why.message()).as("the operator's sentence is its own").isNotBlank().isNotEqualTo(r.wording());
        });
        assertThat(o.failedScheduling(1)).isEqualTo("0/1 nodes are available: 1 " + r.wording() + ".");
    }
}
