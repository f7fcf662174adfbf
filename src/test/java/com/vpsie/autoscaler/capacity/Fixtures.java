package com.vpsie.autoscaler.capacity;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Small builders for planner tests. Memory in MiB, CPU in millicores. */
final class Fixtures {
    static final long MI = 1024 * 1024;
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String HOST = "kubernetes.io/hostname";

    private Fixtures() {
    }

    static Resources res(long milliCpu, long memMi, long pods) {
        return Resources.of(milliCpu, memMi * MI, pods);
    }

    static GroupTemplate group(String name, int max, Resources allocatable, Map<String, String> labels) {
        return GroupTemplate.of(name, 0, max, labels, List.of(), allocatable);
    }

    static Node node(String name, String group, Resources allocatable, Map<String, String> labels) {
        Map<String, String> l = new HashMap<>(labels);
        l.put(HOST, name);
        if (group != null) {
            l.put(Node.GROUP_LABEL, group);
        }
        return new Node(name, group, l, Map.of(), List.of(), allocatable, true, false);
    }

    static List<Pod> pods(String prefix, int n, long milliCpu, long memMi, UnaryOperator<Pod> customise) {
        List<Pod> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(customise.apply(Pod.pending("universe", prefix + "-" + i, res(milliCpu, memMi, 0)).withLabels(Map.of("app", prefix))));
        }
        return out;
    }

    static List<Pod> pods(String prefix, int n, long milliCpu, long memMi) {
        return pods(prefix, n, milliCpu, memMi, p -> p);
    }

    static Pod running(Pod p, String node) {
        return p.boundTo(node, PodPhase.RUNNING);
    }

    static Plan plan(List<Node> nodes, List<Pod> pods, List<GroupTemplate> groups) {
        return new Planner(CLOCK).plan(new ClusterSnapshot(nodes, pods, groups), PlanningPolicy.DEFAULT);
    }

    static Plan plan(ClusterSnapshot s, PlanningPolicy policy) {
        return new Planner(CLOCK).plan(s, policy);
    }

    static int placedPods(Plan plan, int pending) {
        return pending - plan.unschedulablePods().size();
    }
}
