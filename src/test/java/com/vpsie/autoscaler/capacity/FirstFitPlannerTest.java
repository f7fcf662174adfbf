package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Published cases from the Cluster Autoscaler's binpacking estimator, plus the skeleton's own rules. */
class FirstFitPlannerTest {
    private static final long MI = 1024 * 1024;
    private final FirstFitPlanner planner = new FirstFitPlanner();

    private static GroupTemplate group(String name, long milliCpu, long memMi, long pods, int max, int provisioning) {
        return new GroupTemplate(name, 0, max, 0, 1000, Map.of("pool", name), List.of(),
                Resources.of(milliCpu, memMi * MI, pods), provisioning);
    }

    private static List<Pod> pending(String prefix, int n, long milliCpu, long memMi) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(new Pod("default", prefix + "-" + i, "Pending", null, Resources.of(milliCpu, memMi * MI, 0), Map.of(), List.of(), "ReplicaSet"));
        }
        return pods;
    }

    /** An existing node on which nothing fits, as in the estimator's cases. */
    private static Node oldNode() {
        return new Node("oldnode", null, Map.of(), List.of(), Resources.of(100, 100 * MI, 10), true, false);
    }

    @Test
    void case1TenPodsOf350mNeedFiveNodes() {
        Plan plan = planner.plan(new ClusterSnapshot(List.of(oldNode()), pending("p", 10, 350, 1000), List.of(group("g", 1000, 2000, 10, 100, 0))));
        assertEquals(5, plan.group("g").orElseThrow().scaleUp());
        assertTrue(plan.unschedulablePods().isEmpty());
    }

    @Test
    void case2PodCountBoundsTheNode() {
        Plan plan = planner.plan(new ClusterSnapshot(List.of(oldNode()), pending("p", 20, 10, 100), List.of(group("g", 10000, 20000, 10, 100, 0))));
        assertEquals(2, plan.group("g").orElseThrow().scaleUp());
    }

    @Test
    void case4CapOnNewNodesLeavesTheRestUnschedulableWithReason() {
        GroupTemplate g = new GroupTemplate("g", 0, 5, 0, 1000, Map.of(), List.of(), Resources.of(1000, 5000 * MI, 10), 0);
        Plan plan = planner.plan(new ClusterSnapshot(List.of(oldNode()), pending("p", 20, 500, 1000), List.of(g)));
        assertEquals(5, plan.group("g").orElseThrow().scaleUp());
        assertEquals(10, plan.unschedulablePods().size());
        assertTrue(plan.unschedulablePods().get(0).reason().contains("group g: at maxNodes 5"), plan.unschedulablePods().get(0).reason());
    }

    @Test
    void case5LargestPodsArePlacedFirst() {
        GroupTemplate g = new GroupTemplate("g", 0, 5, 0, 1000, Map.of(), List.of(), Resources.of(1000, 5000 * MI, 10), 0);
        List<Pod> pods = new ArrayList<>(pending("small", 10, 50, 1000));
        pods.addAll(pending("big", 10, 500, 1000));
        Plan plan = planner.plan(new ClusterSnapshot(List.of(oldNode()), pods, List.of(g)));
        assertEquals(5, plan.group("g").orElseThrow().scaleUp());
        assertTrue(plan.unschedulablePods().stream().allMatch(u -> u.pod().startsWith("default/small")), plan.unschedulablePods().toString());
    }

    @Test
    void nodesAlreadyProvisioningAreCountedSoASecondPlanAddsNothing() {
        Plan plan = planner.plan(new ClusterSnapshot(List.of(), pending("p", 10, 350, 1000), List.of(group("g", 1000, 2000, 10, 100, 5))));
        assertEquals(0, plan.group("g").orElseThrow().scaleUp());
        assertEquals(5, plan.group("g").orElseThrow().desiredNodes());
    }

    @Test
    void podsThatFitFreeRoomOnExistingNodesNeedNoNewNode() {
        Node roomy = new Node("n1", "g", Map.of("pool", "g"), List.of(), Resources.of(4000, 8000 * MI, 110), true, false);
        Plan plan = planner.plan(new ClusterSnapshot(List.of(roomy), pending("p", 3, 1000, 1000), List.of(group("g", 4000, 8000, 110, 10, 0))));
        assertEquals(0, plan.group("g").orElseThrow().scaleUp());
    }

    @Test
    void aPodNoGroupCanHostSaysWhyPerGroup() {
        Pod gpu = new Pod("ml", "train", "Pending", null, Resources.of(500, MI, 0), Map.of("pool", "gpu"), List.of(), "Job");
        Pod huge = new Pod("ml", "huge", "Pending", null, Resources.of(40_000, MI, 0), Map.of(), List.of(), "Job");
        GroupTemplate tainted = new GroupTemplate("gpu", 0, 5, 0, 10, Map.of("pool", "gpu"), List.of(new Taint("dedicated", "gpu", "NoSchedule")),
                Resources.of(16_000, 64_000 * MI, 110), 0);
        Plan plan = planner.plan(new ClusterSnapshot(List.of(), List.of(gpu, huge), List.of(group("general", 16_000, 64_000, 110, 5, 0), tainted)));
        Map<String, String> why = new java.util.HashMap<>();
        plan.unschedulablePods().forEach(u -> why.put(u.pod(), u.reason()));
        assertTrue(why.get("ml/train").contains("group general: nodeSelector pool=gpu does not match"), why.get("ml/train"));
        assertTrue(why.get("ml/train").contains("group gpu: untolerated taint dedicated=gpu:NoSchedule"), why.get("ml/train"));
        assertTrue(why.get("ml/huge").contains("group general: needs 40 CPU, 16 free"), why.get("ml/huge"));
    }

    @Test
    void aGroupBelowItsFloorIsBroughtUpToIt() {
        GroupTemplate g = new GroupTemplate("g", 2, 10, 4, 10, Map.of(), List.of(), Resources.of(1000, 1000 * MI, 10), 1);
        Plan plan = planner.plan(new ClusterSnapshot(List.of(), List.of(), List.of(g)));
        assertEquals(3, plan.group("g").orElseThrow().scaleUp());
        assertEquals(4, plan.group("g").orElseThrow().desiredNodes());
    }

    @Test
    void daemonSetPodsAreNotPendingWork() {
        Pod ds = new Pod("kube-system", "fluentd-x", "Pending", null, Resources.of(100, MI, 0), Map.of(), List.of(), "DaemonSet");
        Plan plan = planner.plan(new ClusterSnapshot(List.of(), List.of(ds), List.of(group("g", 1000, 1000, 10, 10, 0))));
        assertEquals(0, plan.group("g").orElseThrow().scaleUp());
    }
}
