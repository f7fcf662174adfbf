package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A stand-in for kube-scheduler's filtering over a fixed set of nodes, with the planner's own
 * rules: binds each pod to the first Ready, schedulable node (by name) that passes every rule.
 * The sandbox's simulated cluster schedules with it, so the sandbox and the planner never disagree
 * about what fits.
 */
public final class Scheduler {
    private final PlannedCluster cluster;

    public Scheduler(List<Node> nodes, List<Pod> pods) {
        cluster = PlannedCluster.of(nodes, pods, PlannedCluster.Seating.BOUND);
    }

    /** Where a pod went, or, when nowhere, each node's reason in node order. */
    public record Outcome(String node, List<Rejection> refusals) {
        public Outcome {
            refusals = List.copyOf(refusals);
        }

        /** kube-scheduler's FailedScheduling message: "0/3 nodes are available: 2 Insufficient cpu, 1 node(s) were not ready." */
        public String failedScheduling(int nodes) {
            Map<String, Integer> why = new LinkedHashMap<>();
            refusals.forEach(r -> why.merge(r.schedulerWording(), 1, Integer::sum));
            StringJoiner msg = new StringJoiner(", ", "0/" + nodes + " nodes are available" + (why.isEmpty() ? "" : ": "), ".");
            why.forEach((wording, count) -> msg.add(count + " " + wording));
            return msg.toString();
        }
    }

    public Outcome schedule(Pod pod) {
        List<Rejection> refusals = new ArrayList<>();
        int at = cluster.firstFit(pod, cluster.nodes(), 0, cluster.prepare(pod), refusals::add,
                FitPredicate.READINESS, FitPredicate.STATIC, FitPredicate.DYNAMIC);
        if (at < 0) {
            return new Outcome(null, refusals);
        }
        PlannedNode n = cluster.nodes().get(at);
        cluster.place(pod.boundTo(n.name(), PodPhase.RUNNING), n);
        return new Outcome(n.name(), List.of());
    }
}
