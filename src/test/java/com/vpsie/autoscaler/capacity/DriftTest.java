package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.capacity.Fixtures.NOW;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

/** Drift and expiry in the planner: what differs, what is mended in place, what is replaced, one at a time, and what holds a node. */
class DriftTest {
    private static final Taint DEDICATED = new Taint("dedicated", "batch", "NoSchedule");
    private final List<Node> nodes = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    private Map<String, String> groupLabels = Map.of("tier", "web");
    private List<Taint> groupTaints = List.of();
    private Upkeep upkeep = new Upkeep(RepairPolicy.OFF, new Upkeep.Current(2, 4096, "1.30"), null, null);
    private Disruption disruption = Disruption.NONE;

    /** A Ready node of group g made {@code age} ago: 2 CPUs and 3.8 GiB of a 4 GB machine, kubelet v1.30.2, with the group's labels. */
    private Node node(String name, Duration age, long... podCpu) {
        Map<String, String> labels = new LinkedHashMap<>(groupLabels);
        labels.put(Node.GROUP_LABEL, "g");
        Node n = new Node(name, "g", labels, Drift.record(groupLabels, groupTaints), groupTaints, res(1900, 3500, 110), true, false, null,
                new Node.Origin(NOW.minus(age), "v1.30.2", 2000, 3900L * 1024 * 1024));
        nodes.add(n);
        for (int i = 0; i < podCpu.length; i++) {
            pods.add(Pod.pending("default", name + "-p" + i, res(podCpu[i], 100, 0)).withOwner("ReplicaSet", false).boundTo(name, PodPhase.RUNNING));
        }
        return n;
    }

    private void replace(Node old, Node changed) {
        nodes.set(nodes.indexOf(old), changed);
    }

    private Plan plan() {
        GroupTemplate g = GroupTemplate.of("g", 0, 10, groupLabels, groupTaints, res(1900, 3500, 110)).withCost(0, 0.03)
                .withScaleDown(new ScaleDownPolicy(false, 0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 1), null, Map.of())
                .withUpkeep(upkeep).withDisruption(disruption);
        return Fixtures.plan(new ClusterSnapshot(nodes, pods, List.of(g)), PlanningPolicy.DEFAULT);
    }

    @Test
    void aNodeAsTheGroupMakesThemHasNotDrifted() {
        node("a", Duration.ofDays(3), 500);
        node("b", Duration.ofDays(1), 500);
        Plan p = plan();
        assertThat(p.drifted()).isEmpty();
        assertThat(p.replacements()).isEmpty();
    }

    @Test
    void aLabelTheGroupGainedIsMendedInPlaceAndOneItDroppedIsRemovedButNotOneOthersAdded() {
        Node a = node("a", Duration.ofDays(3), 500);
        Map<String, String> labels = new LinkedHashMap<>(a.labels());
        labels.put("team", "payments");  // someone else's label: never touched
        labels.put("old", "x");          // the group put it there (see the record below) and no longer has it
        Map<String, String> record = Drift.record(Map.of("tier", "web", "old", "x"), List.of());
        replace(a, a.withLabelsAndTaints(labels, a.taints()).withAnnotations(record));
        groupLabels = Map.of("tier", "web", "zone-class", "fast");
        Plan p = plan();
        assertThat(p.drifted()).singleElement().satisfies(d -> {
            assertThat(d.inPlace()).isTrue();
            assertThat(d.fix().setLabels()).containsExactly(Map.entry("zone-class", "fast"));
            assertThat(d.fix().removeLabels()).containsExactly("old");
            assertThat(d.fix().record()).containsEntry(Drift.LABELS, "tier=web,zone-class=fast");
            assertThat(d.differences()).extracting(Drift.Difference::kind).containsExactly(Drift.Kind.LABELS);
        });
        assertThat(p.replacements()).as("labels are mended, not replaced").isEmpty();
    }

    @Test
    void aTaintTheGroupDroppedIsRemovedInPlaceButOneItGainedNeedsANewNode() {
        groupTaints = List.of(DEDICATED);
        Node a = node("a", Duration.ofDays(3), 500);
        groupTaints = List.of();
        Plan dropped = plan();
        assertThat(dropped.drifted()).singleElement().satisfies(d -> {
            assertThat(d.inPlace()).isTrue();
            assertThat(d.fix().removeTaints()).containsExactly(DEDICATED);
        });
        nodes.clear();
        node("b", Duration.ofDays(3), 500);
        groupTaints = List.of(DEDICATED);
        Plan gained = plan();
        assertThat(gained.drifted()).singleElement().satisfies(d -> assertThat(d.inPlace()).isFalse());
        assertThat(gained.replacements()).singleElement().satisfies(r -> {
            assertThat(r.cause()).isEqualTo(DisruptionReason.DRIFTED);
            assertThat(r.reason()).contains("lacks the group's taints [dedicated=batch:NoSchedule]");
        });
        assertThat(a.taints()).as("the node given first had the taint").containsExactly(DEDICATED);
    }

    @Test
    void aNodeOfAnOldSizeIsReplacedANewNodeFirstWhenItsPodsFitNowhereElse() {
        node("a", Duration.ofDays(3), 1500);
        node("b", Duration.ofDays(2), 1500);
        upkeep = new Upkeep(RepairPolicy.OFF, new Upkeep.Current(4, 8192, "1.30"), null, null);
        Plan p = plan();
        assertThat(p.drifted()).hasSize(2).allSatisfy(d -> assertThat(d.differences()).extracting(Drift.Difference::kind).containsExactly(Drift.Kind.SIZE));
        assertThat(p.replacements()).as("one at a time, the oldest first").singleElement().satisfies(r -> {
            assertThat(r.nodes()).containsExactly("a");
            assertThat(r.newNodes()).isEqualTo(1);
            assertThat(r.reason()).contains("size: 2 CPU(s), the group's VPSie size now has 4").contains("a new node of g first");
        });
    }

    @Test
    void memoryWithinTheKernelsShareIsNoDriftButADifferentRamSizeIs() {
        node("a", Duration.ofDays(3), 500);
        upkeep = new Upkeep(RepairPolicy.OFF, new Upkeep.Current(2, 4096, null), null, null);
        assertThat(plan().drifted()).as("3.8 GiB on a 4 GB size").isEmpty();
        upkeep = new Upkeep(RepairPolicy.OFF, new Upkeep.Current(2, 8192, null), null, null);
        assertThat(plan().drifted()).singleElement().satisfies(d -> assertThat(d.says()).contains("3900 MiB of memory").contains("8192 MB"));
    }

    @Test
    void anOlderKubeletIsReplacedOnlyOnceANodeShowsVpsieProvisionsTheNewMinor() {
        Node a = node("a", Duration.ofDays(3), 500);
        Node b = node("b", Duration.ofDays(2), 500);
        upkeep = new Upkeep(RepairPolicy.OFF, new Upkeep.Current(2, 4096, "1.31.0"), null, null);
        assertThat(plan().drifted()).as("no node runs 1.31: a new node might come as old, so nothing churns").isEmpty();
        replace(b, new Node(b.name(), "g", b.labels(), b.annotations(), b.taints(), b.allocatable(), true, false, null,
                new Node.Origin(b.origin().created(), "v1.31.1", 2000, 3900L * 1024 * 1024)));
        Plan p = plan();
        assertThat(p.drifted()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("a");
            assertThat(d.says()).contains("kubelet v1.30.2, VPSie provisions 1.31.0");
        });
        assertThat(p.replacements()).singleElement().satisfies(r -> assertThat(r.nodes()).containsExactly(a.name()));
    }

    @Test
    void driftOffFindsNothing() {
        node("a", Duration.ofDays(3), 500);
        groupLabels = Map.of("tier", "api");
        upkeep = new Upkeep(RepairPolicy.OFF, null, null, null);
        assertThat(plan().drifted()).isEmpty();
        assertThat(plan().replacements()).isEmpty();
    }

    @Test
    void expiredNodesAreReplacedOldestFirstAndDriftedOnesBeforeThem() {
        node("young", Duration.ofDays(1), 500);
        node("old", Duration.ofDays(40), 500);
        node("older", Duration.ofDays(50), 500);
        upkeep = new Upkeep(RepairPolicy.OFF, null, Duration.ofDays(30), null);
        assertThat(plan().replacements()).singleElement().satisfies(r -> {
            assertThat(r.cause()).isEqualTo(DisruptionReason.EXPIRED);
            assertThat(r.nodes()).containsExactly("older");
            assertThat(r.newNodes()).as("its pod fits on the others").isZero();
            assertThat(r.reason()).contains("older than spec.expireAfter");
        });
        groupLabels = Map.of("tier", "web");
        groupTaints = List.of(DEDICATED);
        upkeep = new Upkeep(RepairPolicy.OFF, new Upkeep.Current(0, 0, null), Duration.ofDays(30), null);
        assertThat(plan().replacements()).as("every node lacks the new taint: the oldest drifted goes before any expired one")
                .singleElement().satisfies(r -> {
                    assertThat(r.cause()).isEqualTo(DisruptionReason.DRIFTED);
                    assertThat(r.nodes()).containsExactly("older");
                });
    }

    @Test
    void aDoNotDisruptPodHoldsAnExpiredNodeUntilForceAfterHasGoneBy() {
        Node n = node("old", Duration.ofDays(31), 500);
        node("young", Duration.ofDays(1));
        pods.set(0, pods.get(0).withAnnotations(Map.of("karpenter.sh/do-not-disrupt", "true")));
        upkeep = new Upkeep(RepairPolicy.OFF, null, Duration.ofDays(30), Duration.ofDays(2));
        Plan held = plan();
        assertThat(held.replacements()).isEmpty();
        assertThat(held.group("g").orElseThrow().reasons()).anySatisfy(r -> assertThat(r).contains("old").contains("karpenter.sh/do-not-disrupt=true"));
        replace(n, new Node(n.name(), "g", n.labels(), n.annotations(), n.taints(), n.allocatable(), true, false, null,
                new Node.Origin(NOW.minus(Duration.ofDays(32)), "v1.30.2", 2000, 0)));
        assertThat(plan().replacements()).as("32 days: expired 2 days ago, forceAfter 2d").singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("forceAfter has passed"));
    }

    @Test
    void theBudgetForDriftedHoldsTheRollAndSaysWhich() {
        node("a", Duration.ofDays(3), 500);
        upkeep = new Upkeep(RepairPolicy.OFF, new Upkeep.Current(4, 0, null), null, null);
        disruption = new Disruption(List.of(new Disruption.Budget(0, java.util.Set.of(DisruptionReason.DRIFTED), "spec.disruption.budgets[0]")),
                0, Integer.MAX_VALUE, null);
        Plan p = plan();
        assertThat(p.replacements()).isEmpty();
        assertThat(p.group("g").orElseThrow().reasons()).anySatisfy(r -> assertThat(r).contains("waits for the disruption budget: spec.disruption.budgets[0]"));
    }

    @Test
    void aNodeAnnotatedDoNotDisruptIsNeverReplacedForDriftButIsStillMended() {
        Node a = node("a", Duration.ofDays(3), 500);
        replace(a, a.withAnnotations(Map.of("autoscaler.vpsie.com/do-not-disrupt", "true")));
        upkeep = new Upkeep(RepairPolicy.OFF, new Upkeep.Current(4, 0, null), null, null);
        groupLabels = Map.of("tier", "web", "new", "yes");
        Plan p = plan();
        assertThat(p.replacements()).isEmpty();
        assertThat(p.drifted()).singleElement().satisfies(d -> assertThat(d.fix().setLabels()).containsEntry("new", "yes"));
    }

    /** The record is an annotation anyone who may annotate a node can write: it never makes the autoscaler strip Kubernetes' own labels and taints. */
    @Test
    void aRecordNamingKubernetesOwnLabelsAndTaintsRemovesNeither() {
        Node a = node("a", Duration.ofDays(3), 500);
        Taint unreachable = new Taint("node.kubernetes.io/unreachable", "", "NoExecute");
        Map<String, String> labels = new LinkedHashMap<>(a.labels());
        labels.put("kubernetes.io/os", "linux");
        labels.put("node-role.kubernetes.io/worker", "");
        replace(a, a.withLabelsAndTaints(labels, List.of(unreachable)).withAnnotations(Drift.record(
                Map.of("kubernetes.io/os", "linux", "tier", "web", "node-role.kubernetes.io/worker", ""), List.of(unreachable))));
        Plan p = plan();
        assertThat(p.drifted()).singleElement().satisfies(d -> {
            assertThat(d.fix().removeLabels()).as("the operator's node-role label may go; kubelet's os label may not")
                    .containsExactly("node-role.kubernetes.io/worker");
            assertThat(d.fix().removeTaints()).isEmpty();
        });
    }

    @Test
    void recordsReadBackAsWritten() {
        Map<String, String> r = Drift.record(Map.of("b", "2", "a", "1"), List.of(DEDICATED, new Taint("gpu", null, "NoExecute")));
        assertThat(Drift.recordedLabels(r.get(Drift.LABELS))).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(Drift.recordedTaints(r.get(Drift.TAINTS))).containsExactly(DEDICATED, new Taint("gpu", "", "NoExecute"));
        assertThat(Drift.recordedTaints("garbage,,:x")).isEmpty();
        assertThat(Drift.minor("v1.30.2")).containsExactly(1, 30);
        assertThat(Drift.minor("1.31")).containsExactly(1, 31);
        assertThat(Drift.minor("latest")).isNull();
    }
}
