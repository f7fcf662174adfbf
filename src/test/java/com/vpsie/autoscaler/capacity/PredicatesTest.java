package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.vpsie.autoscaler.capacity.Fixtures.HOST;
import static com.vpsie.autoscaler.capacity.Fixtures.ZONE;
import static com.vpsie.autoscaler.capacity.Fixtures.group;
import static com.vpsie.autoscaler.capacity.Fixtures.node;
import static com.vpsie.autoscaler.capacity.Fixtures.plan;
import static com.vpsie.autoscaler.capacity.Fixtures.pods;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static com.vpsie.autoscaler.capacity.Fixtures.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each scheduling rule, on its own, with the reason it gives. */
class PredicatesTest {

    private static LabelRequirement req(String key, String op, String... values) {
        return new LabelRequirement(key, op, List.of(values));
    }

    @Test
    void nodeAffinityOperators() {
        Map<String, String> labels = Map.of("zone", "a", "cores", "16");
        assertTrue(req("zone", "In", "a", "b").matches(labels));
        assertFalse(req("zone", "NotIn", "a").matches(labels));
        assertTrue(req("missing", "NotIn", "a").matches(labels));
        assertTrue(req("zone", "Exists").matches(labels));
        assertTrue(req("missing", "DoesNotExist").matches(labels));
        assertTrue(req("cores", "Gt", "8").matches(labels));
        assertFalse(req("cores", "Lt", "8").matches(labels));
        assertFalse(req("zone", "Gt", "1").matches(labels), "a non-integer label never passes Gt");
        assertFalse(req("missing", "Lt", "100").matches(labels), "a missing label never passes Lt");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> req("cores", "Gt", "x"));
        assertTrue(bad.getMessage().startsWith("values: Gt needs exactly one integer"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> req("k", "Near", "x"));
    }

    @Test
    void nodeAffinityIsAnOrOfTermsAndAnAndOfExpressions() {
        NodeAffinity a = new NodeAffinity(List.of(
                List.of(req("zone", "In", "a"), req("disk", "In", "ssd")),
                List.of(req("zone", "In", "b"))));
        assertTrue(a.matches(Map.of("zone", "a", "disk", "ssd")));
        assertFalse(a.matches(Map.of("zone", "a", "disk", "hdd")));
        assertTrue(a.matches(Map.of("zone", "b")));
        assertTrue(NodeAffinity.ANY.matches(Map.of()));
    }

    @Test
    void podsGoOnlyToGroupsTheirAffinityAllows() {
        GroupTemplate a = group("a", 10, res(4000, 8000, 110), Map.of("zone", "a"));
        GroupTemplate b = group("b", 10, res(4000, 8000, 110), Map.of("zone", "b"));
        NodeAffinity onlyB = new NodeAffinity(List.of(List.of(req("zone", "NotIn", "a"))));
        Plan plan = plan(List.of(), pods("web", 3, 1000, 1000, p -> p.withPlacementRules(Map.of(), onlyB, List.of())), List.of(a, b));
        assertEquals(0, plan.group("a").orElseThrow().scaleUp());
        assertEquals(1, plan.group("b").orElseThrow().scaleUp());
    }

    @Test
    void taintsAndTolerations() {
        Taint gpu = new Taint("dedicated", "gpu", "NoSchedule");
        Taint evict = new Taint("maintenance", "", "NoExecute");
        Taint prefer = new Taint("soft", "", "PreferNoSchedule");
        assertTrue(new Toleration("dedicated", "Equal", "gpu", "NoSchedule").tolerates(gpu));
        assertFalse(new Toleration("dedicated", "Equal", "cpu", "NoSchedule").tolerates(gpu));
        assertTrue(new Toleration("dedicated", "Exists", null, null).tolerates(gpu));
        assertTrue(new Toleration(null, "Exists", null, null).tolerates(evict), "empty key with Exists tolerates everything");
        assertFalse(new Toleration(null, "Equal", null, null).tolerates(evict));
        assertFalse(new Toleration("maintenance", "Exists", null, "NoSchedule").tolerates(evict), "effect must match");
        assertFalse(prefer.repels(), "PreferNoSchedule never keeps a pod away");
        assertTrue(evict.repels());
    }

    @Test
    void aPodNoGroupCanHostIsReportedWithEachGroupsReason() {
        GroupTemplate gpu = GroupTemplate.of("gpu", 0, 5, Map.of("pool", "gpu"), List.of(new Taint("dedicated", "gpu", "NoSchedule")),
                res(16_000, 64_000, 110));
        GroupTemplate general = group("general", 5, res(16_000, 64_000, 110), Map.of("pool", "general"));
        Plan plan = plan(List.of(), pods("train", 1, 40_000, 1000), List.of(gpu, general));
        String reason = plan.unschedulablePods().get(0).reason();
        assertEquals("group general: needs 40 CPU, size has 16 allocatable; group gpu: untolerated taint dedicated=gpu:NoSchedule", reason);
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
        assertEquals(3, plan.group("g").orElseThrow().scaleUp(), "n1 already holds a db pod; each new one needs its own node");
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
        assertEquals(1, plan.group("g").orElseThrow().scaleUp());
    }

    @Test
    void hostPortsConflictOnlyOnTheSamePortAndProtocol() {
        assertTrue(new HostPort(null, "TCP", 80).conflictsWith(new HostPort("10.0.0.1", "TCP", 80)));
        assertFalse(new HostPort(null, "TCP", 80).conflictsWith(new HostPort(null, "UDP", 80)));
        assertFalse(new HostPort("10.0.0.1", "TCP", 80).conflictsWith(new HostPort("10.0.0.2", "TCP", 80)));
    }

    @Test
    void podsThatFitFreeRoomOnExistingNodesNeedNoNewNode() {
        Node roomy = node("n1", "g", res(4000, 8000, 110), Map.of());
        Plan plan = plan(List.of(roomy), pods("p", 3, 1000, 1000), List.of(group("g", 10, res(4000, 8000, 110), Map.of())));
        assertEquals(0, plan.group("g").orElseThrow().scaleUp());
        assertTrue(plan.unschedulablePods().isEmpty());
    }

    @Test
    void nodesAlreadyProvisioningCountAsCapacity() {
        GroupTemplate g = group("g", 100, res(1000, 2000, 10), Map.of()).withCaps(0, 100, 5);
        Plan plan = plan(List.of(), pods("p", 10, 350, 1000), List.of(g));
        assertEquals(0, plan.group("g").orElseThrow().scaleUp());
    }

    @Test
    void nominatedAndDaemonSetPodsDoNotTriggerScaleUp() {
        Node n1 = node("n1", "g", res(1000, 1000, 10), Map.of());
        Pod nominated = pods("preemptor", 1, 900, 100).get(0).nominatedTo("n1");
        Pod ds = pods("fluentd", 1, 100, 100).get(0).withOwner("DaemonSet", false);
        Plan plan = plan(List.of(n1), List.of(nominated, ds), List.of(group("g", 10, res(1000, 1000, 10), Map.of())));
        assertEquals(0, plan.group("g").orElseThrow().scaleUp());
        assertTrue(plan.unschedulablePods().isEmpty());
    }

    @Test
    void daemonSetPodsCountAgainstANewNode() {
        GroupTemplate g = group("g", 100, res(1000, 4000, 110), Map.of("pool", "g"));
        Pod agent = Pod.pending("kube-system", "agent", res(300, 100, 0)).withOwner("DaemonSet", false);
        Pod elsewhere = Pod.pending("kube-system", "gpu-agent", res(500, 100, 0)).withOwner("DaemonSet", false)
                .withPlacementRules(Map.of("pool", "gpu"), null, List.of());
        // 4 pods of 350m: 2 per 1000m node without the agent, but only 2 per 700m node with it.
        ClusterSnapshot s = new ClusterSnapshot(List.of(), pods("p", 4, 350, 100), List.of(g), List.of(), List.of(agent, elsewhere));
        assertEquals(2, Fixtures.plan(s, PlanningPolicy.DEFAULT).group("g").orElseThrow().scaleUp());
        ClusterSnapshot tight = new ClusterSnapshot(List.of(), pods("p", 4, 400, 100), List.of(g), List.of(), List.of(agent, elsewhere));
        assertEquals(4, Fixtures.plan(tight, PlanningPolicy.DEFAULT).group("g").orElseThrow().scaleUp(), "700m left holds one 400m pod");
    }

    @Test
    void extendedResourcesAndEphemeralStorage() {
        Resources gpuNode = new Resources(8000, 32_000 * Fixtures.MI, 110, 100L << 30, Map.of("nvidia.com/gpu", 2L));
        GroupTemplate gpu = GroupTemplate.of("gpu", 0, 10, Map.of(), List.of(), gpuNode);
        GroupTemplate cpu = group("cpu", 10, res(8000, 32_000, 110), Map.of());
        Pod train = Pod.pending("ml", "train", new Resources(1000, Fixtures.MI, 0, 10L << 30, Map.of("nvidia.com/gpu", 1L)));
        List<Pod> three = List.of(train, Pod.pending("ml", "train-2", train.requests()), Pod.pending("ml", "train-3", train.requests()));
        Plan plan = plan(List.of(), three, List.of(cpu, gpu));
        assertEquals(2, plan.group("gpu").orElseThrow().scaleUp(), "two GPUs per node");
        assertEquals(0, plan.group("cpu").orElseThrow().scaleUp());
    }

    @Test
    void clusterWideCapStopsScaleUp() {
        GroupTemplate g = group("g", 100, res(1000, 2000, 10), Map.of());
        Node other = node("infra-1", null, res(1000, 1000, 10), Map.of());
        Plan plan = Fixtures.plan(new ClusterSnapshot(List.of(other), pods("p", 10, 600, 100), List.of(g)), new PlanningPolicy(Expander.LEAST_COST, 4));
        assertEquals(3, plan.group("g").orElseThrow().scaleUp());
        assertTrue(plan.unschedulablePods().get(0).reason().contains("cluster-wide cap of 4 nodes reached"), plan.unschedulablePods().get(0).reason());
    }

    @Test
    void belowFloorAddsNodesEvenWithoutPendingPods() {
        GroupTemplate g = GroupTemplate.of("g", 2, 10, Map.of(), List.of(), res(1000, 1000, 10)).withCaps(4, 10, 1);
        Plan plan = plan(List.of(), List.of(), List.of(g));
        assertEquals(3, plan.group("g").orElseThrow().scaleUp());
        assertEquals(4, plan.group("g").orElseThrow().desiredNodes());
    }
}
