package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.BlockedNode;
import com.vpsie.autoscaler.capacity.GroupPlan;
import com.vpsie.autoscaler.capacity.Plan;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.UnschedulablePod;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Cluster Autoscaler's pod Events: {@code TriggeredScaleUp} on pods the new nodes are for,
 * {@code NotTriggerScaleUp} with the reason on pods no group can host; and on each node a
 * scale-down would take but may not, {@code ScaleDownBlocked} with the blocker's code and words
 * (the pod that keeps it, the budget and until when), so {@code kubectl describe} says what
 * {@code GET /v1/explain} says. Each object hears the same thing at most once per
 * {@code autoscaler.reconcile.pod-event-interval} (the dedupe key is the object with what it was
 * told), and one reconcile writes at most {@code max-pod-events-per-reconcile}.
 */
@Singleton
public class PodNotifier {
    private final ClusterPort cluster;
    private final ReconcileConfig config;
    private final Clock clock;
    private final boolean dryRun;
    /** Pod Events already sent, so a storm of triggers does not repeat them (pod|what → when). */
    private final Map<String, Instant> told = new ConcurrentHashMap<>();

    public PodNotifier(ClusterPort cluster, ReconcileConfig config, ModeConfig mode, Clock clock) {
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
        this.dryRun = mode.dryRunOn();
    }

    void tell(ClusterView view, Plan plan, GroupPlan p, NodeGroup g) {
        Instant now = clock.instant();
        told.values().removeIf(t -> t.isBefore(now.minus(config.podEventInterval())));
        int budget = config.maxPodEventsPerReconcile();
        for (UnschedulablePod u : plan.unschedulablePods()) {
            if (budget > 0 && told.putIfAbsent(u.pod() + "|no|" + u.reason(), now) == null) {
                budget--;
                String[] ns = u.pod().split("/", 2);
                cluster.record(ClusterEvent.onPod(ns[0], ns[1], ClusterEvent.Type.Normal, "NotTriggerScaleUp",
                        "pod didn't trigger scale-up: " + u.reason()));
            }
        }
        for (BlockedNode b : p.scaleDownBlocked()) {
            String what = b.blocker().code() + ": " + b.blocker().message();
            if (budget > 0 && !dryRun && told.putIfAbsent(b.node() + "|blocked|" + what, now) == null) {
                budget--;
                cluster.record(ClusterEvent.onNode(b.node(), ClusterEvent.Type.Normal, "ScaleDownBlocked", what));
            }
        }
        if (p.scaleUp() == 0) {
            return;
        }
        String message = "pod triggered scale-up: [{" + g.name() + " " + (p.currentNodes() + p.provisioningNodes()) + "->"
                + (p.currentNodes() + p.provisioningNodes() + p.scaleUp()) + " (max: " + g.spec().max() + ")}]";
        if (dryRun) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Normal, "ScaleUpDryRun",
                    "would add " + p.scaleUp() + " node(s): " + String.join("; ", p.reasons())));
        }
        Set<String> unschedulable = new HashSet<>();
        plan.unschedulablePods().forEach(u -> unschedulable.add(u.pod()));
        for (Pod pod : view.pods()) {
            if (budget <= 0) {
                break;
            }
            if (pod.awaitsNode() && !unschedulable.contains(pod.key())
                    && told.putIfAbsent(pod.key() + "|up|" + g.name(), now) == null) {
                budget--;
                cluster.record(ClusterEvent.onPod(pod.namespace(), pod.name(), ClusterEvent.Type.Normal, "TriggeredScaleUp", message));
            }
        }
    }
}
