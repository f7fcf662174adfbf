package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.vpsie.autoscaler.capacity.Fixtures.HOST;
import static com.vpsie.autoscaler.capacity.Fixtures.group;
import static com.vpsie.autoscaler.capacity.Fixtures.node;
import static com.vpsie.autoscaler.capacity.Fixtures.plan;
import static com.vpsie.autoscaler.capacity.Fixtures.pods;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static com.vpsie.autoscaler.capacity.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each scheduling rule, on its own, with the reason it gives. */
class PredicatesTest {

    private static LabelRequirement req(String key, String op, String... values) {
        return new LabelRequirement(key, op, List.of(values));
    }

    /** Labels of the node every row is judged against. */
    private static final Map<String, String> LABELS = Map.of("zone", "a", "cores", "16");

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            zone    | In           | a b | true
            zone    | NotIn        | a   | false
            missing | NotIn        | a   | true
            zone    | Exists       |     | true
            missing | DoesNotExist |     | true
            cores   | Gt           | 8   | true
            cores   | Lt           | 8   | false
            zone    | Gt           | 1   | false
            missing | Lt           | 100 | false
            """)
    void nodeAffinityOperators(String key, String op, String values, boolean matches) {
        String[] v = values == null ? new String[0] : values.split(" ");
        assertThat(req(key, op, v).matches(LABELS)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            cores | Gt   | x | values: Gt needs exactly one integer
            k     | Near | x | operator: expected In, NotIn, Exists, DoesNotExist, Gt or Lt, got 'Near'
            """)
    void aBadRequirementIsRefusedNamingTheField(String key, String op, String value, String message) {
        assertThatThrownBy(() -> req(key, op, value)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void nodeAffinityIsAnOrOfTermsAndAnAndOfExpressions() {
        NodeAffinity a = new NodeAffinity(List.of(
                List.of(req("zone", "In", "a"), req("disk", "In", "ssd")),
                List.of(req("zone", "In", "b"))));
        assertThat(a.matches(Map.of("zone", "a", "disk", "ssd"))).isTrue();
        assertThat(a.matches(Map.of("zone", "a", "disk", "hdd"))).isFalse();
        assertThat(a.matches(Map.of("zone", "b"))).isTrue();
        assertThat(NodeAffinity.ANY.matches(Map.of())).isTrue();
    }

    @Test
    void podsGoOnlyToGroupsTheirAffinityAllows() {
        GroupTemplate a = group("a", 10, res(4000, 8000, 110), Map.of("zone", "a"));
        GroupTemplate b = group("b", 10, res(4000, 8000, 110), Map.of("zone", "b"));
        NodeAffinity onlyB = new NodeAffinity(List.of(List.of(req("zone", "NotIn", "a"))));
        Plan plan = plan(List.of(), pods("web", 3, 1000, 1000, p -> p.withPlacementRules(Map.of(), onlyB, List.of())), List.of(a, b));
        assertThat(plan.group("a").orElseThrow().scaleUp()).isEqualTo(0);
        assertThat(plan.group("b").orElseThrow().scaleUp()).isEqualTo(1);
    }

    @ParameterizedTest(name = "toleration {0} {1} {2} {3} vs taint {4}={5}:{6}: {7}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            dedicated   | Equal  | gpu | NoSchedule | dedicated   | gpu | NoSchedule | true
            dedicated   | Equal  | cpu | NoSchedule | dedicated   | gpu | NoSchedule | false
            dedicated   | Exists | -   | -          | dedicated   | gpu | NoSchedule | true
            -           | Exists | -   | -          | maintenance |     | NoExecute  | true
            -           | Equal  | -   | -          | maintenance |     | NoExecute  | false
            maintenance | Exists | -   | NoSchedule | maintenance |     | NoExecute  | false
            """)
    void tolerations(String key, String op, String value, String effect, String taintKey, String taintValue, String taintEffect, boolean tolerates) {
        Taint taint = new Taint(taintKey, taintValue == null ? "" : taintValue, taintEffect);
        assertThat(new Toleration(key, op, value, effect).tolerates(taint)).isEqualTo(tolerates);
    }

    @ParameterizedTest(name = "{0} repels: {1}")
    @CsvSource({"NoSchedule, true", "NoExecute, true", "PreferNoSchedule, false"})
    void onlyHardTaintsKeepPodsAway(String effect, boolean repels) {
        assertThat(new Taint("k", "", effect).repels()).isEqualTo(repels);
    }

    @Test
    void aPodNoGroupCanHostIsReportedWithEachGroupsReason() {
        GroupTemplate gpu = GroupTemplate.of("gpu", 0, 5, Map.of("pool", "gpu"), List.of(new Taint("dedicated", "gpu", "NoSchedule")),
                res(16_000, 64_000, 110));
        GroupTemplate general = group("general", 5, res(16_000, 64_000, 110), Map.of("pool", "general"));
        Plan plan = plan(List.of(), pods("train", 1, 40_000, 1000), List.of(gpu, general));
        String reason = plan.unschedulablePods().get(0).reason();
        assertThat(reason).isEqualTo("group general: needs 40 CPU, size has 16 allocatable; group gpu: untolerated taint dedicated=gpu:NoSchedule");
    }

    @Test
    void requiredAntiAffinityOnHostnamePutsOnePodPerNodeAndRespectsRunningPods() {
        AffinityTerm apart = new AffinityTerm(LabelSelector.of(Map.of("app", "db")), HOST, Set.of());
        GroupTemplate g = group("g", 10, res(4000, 8000, 110), Map.of());
        Node existing = node("n1", "g", res(4000, 8000, 110), Map.of());
        Pod already = running(pods("db", 1, 100, 100, p -> p.withPodRules(List.of(apart), List.of(), List.of())).get(0), "n1");
        List<Pod> pending = pods("db-new", 3, 100, 100, p -> p.withLabels(Map.of("app", "db")).withPodRules(List.of(apart), List.of(), List.of()));
        List<Pod> all = new java.util.ArrayList<>(pending);
        all.add(already);
        Plan plan = plan(List.of(existing), all, List.of(g));
        assertThat(plan.group("g").orElseThrow().scaleUp()).as("n1 already holds a db pod; each new one needs its own node").isEqualTo(3);
    }

    @Test
    void antiAffinityIsSymmetric() {
        // The running pod refuses company of app=web; the pending web pods carry no rule themselves.
        AffinityTerm noWeb = new AffinityTerm(LabelSelector.of(Map.of("app", "web")), HOST, Set.of());
        GroupTemplate g = group("g", 10, res(4000, 8000, 110), Map.of());
        Node existing = node("n1", "g", res(4000, 8000, 110), Map.of());
        Pod loner = running(pods("loner", 1, 100, 100, p -> p.withPodRules(List.of(noWeb), List.of(), List.of())).get(0), "n1");
        List<Pod> all = new java.util.ArrayList<>(pods("web", 2, 100, 100));
        all.add(loner);
        Plan plan = plan(List.of(existing), all, List.of(g));
        assertThat(plan.group("g").orElseThrow().scaleUp()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}/{1}:{2} vs {3}/{4}:{5}: {6}")
    @CsvSource(nullValues = "-", value = {
            "-, TCP, 80, 10.0.0.1, TCP, 80, true",
            "-, TCP, 80, -, UDP, 80, false",
            "10.0.0.1, TCP, 80, 10.0.0.2, TCP, 80, false",
            "-, TCP, 80, -, TCP, 81, false"})
    void hostPortsConflictOnlyOnTheSamePortAndProtocol(String ip, String protocol, int port, String otherIp, String otherProtocol, int otherPort,
                                                        boolean conflict) {
        assertThat(new HostPort(ip, protocol, port).conflictsWith(new HostPort(otherIp, otherProtocol, otherPort))).isEqualTo(conflict);
    }

    @Test
    void podsThatFitFreeRoomOnExistingNodesNeedNoNewNode() {
        Node roomy = node("n1", "g", res(4000, 8000, 110), Map.of());
        Plan plan = plan(List.of(roomy), pods("p", 3, 1000, 1000), List.of(group("g", 10, res(4000, 8000, 110), Map.of())));
        assertThat(plan.group("g").orElseThrow().scaleUp()).isEqualTo(0);
        assertThat(plan.unschedulablePods().isEmpty()).isTrue();
    }

    @Test
    void nodesAlreadyProvisioningCountAsCapacity() {
        GroupTemplate g = group("g", 100, res(1000, 2000, 10), Map.of()).withCaps(0, 100, 5);
        Plan plan = plan(List.of(), pods("p", 10, 350, 1000), List.of(g));
        assertThat(plan.group("g").orElseThrow().scaleUp()).isEqualTo(0);
    }

    @Test
    void nominatedAndDaemonSetPodsDoNotTriggerScaleUp() {
        Node n1 = node("n1", "g", res(1000, 1000, 10), Map.of());
        Pod nominated = pods("preemptor", 1, 900, 100).get(0).nominatedTo("n1");
        Pod ds = pods("fluentd", 1, 100, 100).get(0).withOwner("DaemonSet", false);
        Plan plan = plan(List.of(n1), List.of(nominated, ds), List.of(group("g", 10, res(1000, 1000, 10), Map.of())));
        assertThat(plan.group("g").orElseThrow().scaleUp()).isEqualTo(0);
        assertThat(plan.unschedulablePods().isEmpty()).isTrue();
    }

    @Test
    void daemonSetPodsCountAgainstANewNode() {
        GroupTemplate g = group("g", 100, res(1000, 4000, 110), Map.of("pool", "g"));
        Pod agent = Pod.pending("kube-system", "agent", res(300, 100, 0)).withOwner("DaemonSet", false);
        Pod elsewhere = Pod.pending("kube-system", "gpu-agent", res(500, 100, 0)).withOwner("DaemonSet", false)
                .withPlacementRules(Map.of("pool", "gpu"), null, List.of());
        // 4 pods of 350m: 2 per 1000m node without the agent, but only 2 per 700m node with it.
        ClusterSnapshot s = new ClusterSnapshot(List.of(), pods("p", 4, 350, 100), List.of(g), List.of(), List.of(agent, elsewhere));
        assertThat(Fixtures.plan(s, PlanningPolicy.DEFAULT).group("g").orElseThrow().scaleUp()).isEqualTo(2);
        ClusterSnapshot tight = new ClusterSnapshot(List.of(), pods("p", 4, 400, 100), List.of(g), List.of(), List.of(agent, elsewhere));
        assertThat(Fixtures.plan(tight, PlanningPolicy.DEFAULT).group("g").orElseThrow().scaleUp()).as("700m left holds one 400m pod").isEqualTo(4);
    }

    @Test
    void extendedResourcesAndEphemeralStorage() {
        Resources gpuNode = new Resources(8000, 32_000 * Fixtures.MI, 110, 100L << 30, Map.of("nvidia.com/gpu", 2L));
        GroupTemplate gpu = GroupTemplate.of("gpu", 0, 10, Map.of(), List.of(), gpuNode);
        GroupTemplate cpu = group("cpu", 10, res(8000, 32_000, 110), Map.of());
        Pod train = Pod.pending("ml", "train", new Resources(1000, Fixtures.MI, 0, 10L << 30, Map.of("nvidia.com/gpu", 1L)));
        List<Pod> three = List.of(train, Pod.pending("ml", "train-2", train.requests()), Pod.pending("ml", "train-3", train.requests()));
        Plan plan = plan(List.of(), three, List.of(cpu, gpu));
        assertThat(plan.group("gpu").orElseThrow().scaleUp()).as("two GPUs per node").isEqualTo(2);
        assertThat(plan.group("cpu").orElseThrow().scaleUp()).isEqualTo(0);
    }

    @Test
    void clusterWideCapStopsScaleUp() {
        GroupTemplate g = group("g", 100, res(1000, 2000, 10), Map.of());
        Node other = node("infra-1", null, res(1000, 1000, 10), Map.of());
        Plan plan = Fixtures.plan(new ClusterSnapshot(List.of(other), pods("p", 10, 600, 100), List.of(g)), new PlanningPolicy(Expander.LEAST_COST, 4));
        assertThat(plan.group("g").orElseThrow().scaleUp()).isEqualTo(3);
        assertThat(plan.unschedulablePods().get(0).reason()).as(plan.unschedulablePods().get(0).reason()).contains("cluster-wide cap of 4 nodes reached");
    }

    @Test
    void belowFloorAddsNodesEvenWithoutPendingPods() {
        GroupTemplate g = GroupTemplate.of("g", 2, 10, Map.of(), List.of(), res(1000, 1000, 10)).withCaps(4, 10, 1);
        Plan plan = plan(List.of(), List.of(), List.of(g));
        assertThat(plan.group("g").orElseThrow().scaleUp()).isEqualTo(3);
        assertThat(plan.group("g").orElseThrow().desiredNodes()).isEqualTo(4);
    }

    /** A batch's state is reused only while no placed pod has brought a new anti-affinity term; one that has refuses the next pod. */
    @Test
    void aBatchsStateIsMadeAgainOnceAPlacedPodHoldsATermAgainstIt() {
        PlannedCluster cluster = PlannedCluster.of(List.of(node("n1", "g", res(4000, 4096, 10), Map.of())), List.of(),
                PlannedCluster.Seating.BOUND);
        PlannedNode n1 = cluster.node("n1");
        Pod web = Pod.pending("default", "web-1", res(100, 64, 0)).withLabels(Map.of("app", "web"));
        PreFilterState first = cluster.prepare(web, null);
        assertThat(cluster.prepare(web, first)).isSameAs(first);

        Pod apart = Pod.pending("default", "apart", res(100, 64, 0))
                .withPodRules(List.of(new AffinityTerm(LabelSelector.of(Map.of("app", "web")), HOST, Set.of())), List.of(), List.of());
        cluster.place(apart, n1);
        PreFilterState after = cluster.prepare(web, first);

        assertThat(after).isNotSameAs(first);
        assertThat(after.antiAffinityAgainst()).hasSize(1);
        assertThat(FitPredicate.admitsAll(web, n1, first, FitPredicate.DYNAMIC)).as("the stale state misses the new term").isTrue();
        assertThat(FitPredicate.admitsAll(web, n1, after, FitPredicate.DYNAMIC)).isFalse();
    }
}
