package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.List;

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
    }

    public Outcome schedule(Pod pod) {
        List<Rejection> refusals = new ArrayList<>();
        int at = cluster.firstFit(pod, cluster.nodes(), 0, cluster.prepare(pod), refusals::add,
                FitPredicate.READINESS, FitPredicate.STATIC, FitPredicate.DYNAMIC);
        if (at < 0) {
            return new Outcome(null, refusals);
        }
        PlannedNode n = cluster.nodes().get(at);
        cluster.place(pod.boundTo(n.name(), "Running"), n);
        return new Outcome(n.name(), List.of());
    }
}
