package com.vpsie.autoscaler.capacity;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for kube-scheduler's filtering over a fixed set of nodes, with the planner's own
 * rules: binds each pod to the first Ready, schedulable node (by name) that passes every rule.
 * The sandbox's simulated cluster schedules with it, so the sandbox and the planner never disagree
 * about what fits.
 */
public final class Scheduler {
    private final Simulation sim = new Simulation();

    public Scheduler(List<Node> nodes, List<Pod> pods) {
        for (Node n : nodes.stream().sorted(Comparator.comparing(Node::name)).toList()) {
            sim.add(n, SimNode.Kind.EXISTING, n.allocatable());
        }
        for (Pod p : pods.stream().sorted(Comparator.comparing(Pod::key)).toList()) {
            SimNode n = p.occupiesNode() ? sim.node(p.nodeName()) : null;
            if (n != null) {
                sim.seed(p, n);
            }
        }
    }

    /** Where a pod went, or, when nowhere, each reason with how many nodes gave it. */
    public record Outcome(String node, Map<String, Integer> refusals) {
    }

    public Outcome schedule(Pod pod) {
        Simulation.PodCycle cycle = sim.prepare(pod);
        Map<String, Integer> refusals = new LinkedHashMap<>();
        for (SimNode n : sim.nodes()) {
            String why = !n.node.ready() ? "node(s) were not ready" : n.node.unschedulable() ? "node(s) were unschedulable"
                    : FitPredicate.check(pod, n, cycle);
            if (why == null) {
                sim.place(pod.boundTo(n.name(), "Running"), n);
                return new Outcome(n.name(), Map.of());
            }
            refusals.merge(why, 1, Integer::sum);
        }
        return new Outcome(null, refusals);
    }
}
