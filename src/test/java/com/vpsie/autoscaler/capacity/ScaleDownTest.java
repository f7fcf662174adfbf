package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.capacity.Fixtures.HOST;
import static com.vpsie.autoscaler.capacity.Fixtures.NOW;
import static com.vpsie.autoscaler.capacity.Fixtures.node;
import static com.vpsie.autoscaler.capacity.Fixtures.pods;
import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static com.vpsie.autoscaler.capacity.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Which nodes may go, which may not and why, and when. */
class ScaleDownTest {
    private static final ScaleDownPolicy POLICY = ScaleDownPolicy.DEFAULT;

    private final List<Node> nodes = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    private final List<Pdb> pdbs = new ArrayList<>();

    private GroupTemplate group(int min, Map<String, java.time.Instant> since) {
        return GroupTemplate.of("g", min, 10, Map.of(), List.of(), res(4000, 8000, 110)).withScaleDown(POLICY, null, since);
    }

    private void nodeWith(String name, long... podCpu) {
        nodes.add(node(name, "g", res(4000, 8000, 110), Map.of()));
        for (int i = 0; i < podCpu.length; i++) {
            pods.add(running(pods(name + "-app", 1, podCpu[i], 100).get(0).withOwner("ReplicaSet", false)
                    .withLabels(Map.of("app", name + "-" + i)), name));
        }
    }

    private GroupPlan plan(GroupTemplate g) {
        return Fixtures.plan(new ClusterSnapshot(nodes, pods, List.of(g), pdbs, List.of()), PlanningPolicy.DEFAULT).group("g").orElseThrow();
    }

    @Test
    void underusedNodesWhosePodsFitElsewhereAreCandidatesEmptiestFirst() {
        nodeWith("busy", 3000);
        nodeWith("light", 1000);
        nodeWith("empty");
        GroupPlan p = plan(group(0, Map.of()));
        assertThat(p.candidateNames()).isEqualTo(List.of("empty", "light"));
        assertThat(p.scaleDown()).as("just became unneeded: not yet").isEqualTo(List.of());
        assertThat(p.scaleDownCandidates().get(0).unneededSince()).isEqualTo(NOW);
        assertThat(p.scaleDownCandidates().get(0).removableAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void afterUnneededTimeOnePerStepGoes() {
        nodeWith("busy", 3000);
        nodeWith("light", 1000);
        nodeWith("empty");
        java.time.Instant long_ago = NOW.minus(Duration.ofMinutes(11));
        GroupPlan p = plan(group(0, Map.of("empty", long_ago, "light", long_ago)));
        assertThat(p.scaleDown()).isEqualTo(List.of("empty"));
        assertThat(p.desiredNodes()).isEqualTo(2);
    }

    @Test
    void delayAfterScaleUpHoldsRemovals() {
        nodeWith("busy", 3000);
        nodeWith("empty");
        GroupTemplate g = group(0, Map.of("empty", NOW.minus(Duration.ofHours(1))))
                .withScaleDown(POLICY, NOW.minus(Duration.ofMinutes(2)), Map.of("empty", NOW.minus(Duration.ofHours(1))));
        GroupPlan p = plan(g);
        assertThat(p.candidateNames()).isEqualTo(List.of("empty"));
        assertThat(p.scaleDown()).isEqualTo(List.of());
        assertThat(p.scaleDownCandidates().get(0).removableAt()).isEqualTo(NOW.plus(Duration.ofMinutes(8)));
    }

    @Test
    void theGroupStaysAtItsFloor() {
        nodeWith("a");
        nodeWith("b");
        GroupPlan p = plan(group(1, Map.of()));
        assertThat(p.candidateNames()).isEqualTo(List.of("a"));
        assertThat(p.scaleDownBlocked().get(0).blocker()).isEqualTo(new Blocker(Blocker.Code.AT_FLOOR, "b", "kept for the group's floor of 1 node(s): the others that may go would take it below"));
    }

    @Test
    void podsMustFitOnTheOtherNodesNeverOnOnesRemovedInTheSamePlan() {
        nodeWith("a", 1500);
        nodeWith("b", 1500);
        nodeWith("c", 1500);
        // Each node is 37.5% used. Removing a moves its 1.5 CPU onto b (3 of 4 CPU). Then b's two
        // pods cannot both move to c, and c's pod fits on neither b (1 CPU free) nor a (gone).
        GroupPlan p = plan(group(0, Map.of()));
        assertThat(p.candidateNames()).isEqualTo(List.of("a"));
        assertThat(p.scaleDownBlocked().size()).isEqualTo(2);
        assertThat(p.scaleDownBlocked()).extracting(BlockedNode::blocker).extracting(Blocker::code, Blocker::subject)
                .containsExactly(tuple(Blocker.Code.NO_PLACE_FOR_POD, "universe/b-app-0"), tuple(Blocker.Code.NO_PLACE_FOR_POD, "universe/c-app-0"));
        assertThat(p.scaleDownBlocked().get(1).blocker().message()).as("names the last node tried").contains("(last tried b: needs");
    }

    @Test
    void blockingPodsEachGiveTheirReason() {
        nodes.add(node("n-bare", "g", res(4000, 8000, 110), Map.of()));
        pods.add(running(Pod.pending("default", "bare", res(100, 100, 0)).withOwner(null, false), "n-bare"));
        nodes.add(node("n-local", "g", res(4000, 8000, 110), Map.of()));
        pods.add(running(Pod.pending("default", "cache", res(100, 100, 0)).withOwner("ReplicaSet", true), "n-local"));
        nodes.add(node("n-pinned", "g", res(4000, 8000, 110), Map.of()));
        pods.add(running(Pod.pending("default", "pinned", res(100, 100, 0)).withAnnotations(Map.of(Pod.SAFE_TO_EVICT, "false")), "n-pinned"));
        nodes.add(node("n-system", "g", res(4000, 8000, 110), Map.of()));
        pods.add(running(Pod.pending("kube-system", "dns", res(100, 100, 0)), "n-system"));
        nodes.add(node("n-pdb", "g", res(4000, 8000, 110), Map.of()));
        pods.add(running(Pod.pending("default", "quorum", res(100, 100, 0)).withLabels(Map.of("app", "zk")), "n-pdb"));
        pdbs.add(new Pdb("default", "zk", LabelSelector.of(Map.of("app", "zk")), 0));
        nodes.add(new Node("n-protected", "g", Map.of(), Map.of(Node.SCALE_DOWN_DISABLED, "true"), List.of(), res(4000, 8000, 110), true, false));
        nodes.add(node("n-ok", "g", res(4000, 8000, 110), Map.of()));
        pods.add(running(Pod.pending("default", "local-but-safe", res(100, 100, 0)).withOwner("ReplicaSet", true)
                .withAnnotations(Map.of(Pod.SAFE_TO_EVICT, "true")), "n-ok"));
        pods.add(running(Pod.pending("default", "agent", res(100, 100, 0)).withOwner("DaemonSet", false), "n-ok"));
        nodes.add(node("busy", "g", res(4000, 8000, 110), Map.of()));
        pods.add(running(Pod.pending("default", "big", res(3000, 100, 0)), "busy"));

        GroupPlan p = plan(group(0, Map.of()));
        Map<String, Blocker> blocked = new java.util.TreeMap<>();
        p.scaleDownBlocked().forEach(b -> blocked.put(b.node(), b.blocker()));
        assertThat(blocked.get("n-bare")).isEqualTo(new Blocker(Blocker.Code.POD_NOT_REPLICATED, "default/bare", "pod default/bare has no controller (a bare pod would not be recreated)"));
        assertThat(blocked.get("n-local")).isEqualTo(new Blocker(Blocker.Code.POD_LOCAL_STORAGE, "default/cache", "pod default/cache uses local storage (emptyDir or hostPath)"));
        assertThat(blocked.get("n-pinned")).isEqualTo(new Blocker(Blocker.Code.POD_NOT_SAFE_TO_EVICT, "default/pinned", "pod default/pinned has cluster-autoscaler.kubernetes.io/safe-to-evict=false"));
        assertThat(blocked.get("n-system")).isEqualTo(new Blocker(Blocker.Code.SYSTEM_POD_WITHOUT_PDB, "kube-system/dns", "kube-system pod kube-system/dns has no PodDisruptionBudget"));
        assertThat(blocked.get("n-pdb")).isEqualTo(new Blocker(Blocker.Code.PDB_EXHAUSTED, "default/zk", "PodDisruptionBudget default/zk allows no more disruptions (pod default/quorum)"));
        assertThat(blocked.get("n-protected")).isEqualTo(new Blocker(Blocker.Code.NODE_ANNOTATED, "n-protected", "node has cluster-autoscaler.kubernetes.io/scale-down-disabled=true"));
        assertThat(p.candidateNames()).isEqualTo(List.of("n-ok"));
    }

    @Test
    void aPdbBudgetIsSharedAcrossNodesInOnePlan() {
        for (String n : List.of("a", "b", "c")) {
            nodes.add(node(n, "g", res(4000, 8000, 110), Map.of()));
            pods.add(running(Pod.pending("default", "zk-" + n, res(100, 100, 0)).withLabels(Map.of("app", "zk")), n));
        }
        pdbs.add(new Pdb("default", "zk", LabelSelector.of(Map.of("app", "zk")), 1));
        GroupPlan p = plan(group(0, Map.of()));
        assertThat(p.candidateNames()).isEqualTo(List.of("a"));
        assertThat(p.scaleDownBlocked()).extracting(b -> b.blocker().code()).containsExactly(Blocker.Code.PDB_EXHAUSTED, Blocker.Code.PDB_EXHAUSTED);
    }

    @Test
    void disabledScaleDownAndScaleUpInProgressStopCandidates() {
        nodeWith("empty");
        GroupTemplate off = group(0, Map.of()).withScaleDown(new ScaleDownPolicy(false, 0.5, Duration.ZERO, Duration.ZERO, 1), null, Map.of());
        assertThat(plan(off).candidateNames()).isEqualTo(List.of());
        assertThat(plan(off).reasons().subList(1, 2)).isEqualTo(List.of("scale-down is disabled for this group"));
    }

    /**
     * One replica per node (hostname anti-affinity): each db pod may move only to a node without
     * one. Three nodes that may not go themselves are free, so three db nodes can go and the other
     * seven cannot: the answer of checking every node against every other, which the planner now
     * reaches without doing so (a refusal of a shape is remembered until a removal is kept).
     */
    @ParameterizedTest(name = "{0} db nodes, {1} spare nodes that stay")
    @CsvSource({"10, 3", "10, 0", "40, 12", "5, 5"})
    void oneReplicaPerNodeMovesOnlyWhereNoReplicaIs(int dbNodes, int spare) {
        AffinityTerm apart = new AffinityTerm(LabelSelector.of(Map.of("app", "db")), HOST, java.util.Set.of());
        for (int i = 0; i < dbNodes; i++) {
            nodes.add(node("db-" + i, "g", res(4000, 8000, 110), Map.of()));
            pods.add(running(pods("db-" + i, 1, 100, 100).get(0).withOwner("ReplicaSet", false).withLabels(Map.of("app", "db"))
                    .withPodRules(List.of(apart), List.of(), List.of()), "db-" + i));
        }
        for (int i = 0; i < spare; i++) {
            nodes.add(new Node("spare-" + i, "g", Map.of(), Map.of(Node.SCALE_DOWN_DISABLED, "true"), List.of(), res(4000, 8000, 110), true, false));
        }
        GroupTemplate g = GroupTemplate.of("g", 0, 1000, Map.of(), List.of(), res(4000, 8000, 110)).withScaleDown(POLICY, null, Map.of());

        GroupPlan p = plan(g);

        int movable = Math.min(dbNodes, spare);
        assertThat(p.scaleDownCandidates()).as("db nodes whose replica finds a spare node").hasSize(movable);
        assertThat(p.scaleDownBlocked()).filteredOn(b -> b.node().startsWith("db-")).hasSize(dbNodes - movable)
                .allSatisfy(b -> {
                    assertThat(b.blocker().code()).isEqualTo(Blocker.Code.NO_PLACE_FOR_POD);
                    assertThat(b.blocker().message()).contains("pod anti-affinity");
                });
    }
}
