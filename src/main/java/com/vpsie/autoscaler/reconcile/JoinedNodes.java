package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts the group's labels, taints and group label on nodes that joined for it (VPSie does not),
 * recognised by the hostname VPSie gave when the worker was asked for.
 */
@Singleton
public class JoinedNodes {
    static final String NODE_UPDATE_REFUSED = "NodeUpdateRefused";

    private final ClusterPort cluster;
    private final GroupStatus status;
    private final Clock clock;
    private final boolean dryRun;

    public JoinedNodes(ClusterPort cluster, GroupStatus status, ModeConfig mode, Clock clock) {
        this.cluster = cluster;
        this.status = status;
        this.clock = clock;
        this.dryRun = mode.dryRunOn();
    }

    /** @return one reason per node labelled (or refused) */
    List<String> adopt(NodeGroup g, ClusterView view) {
        List<String> reasons = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>(g.spec().labels());
        labels.put(Node.GROUP_LABEL, g.name());
        List<Taint> taints = SnapshotBuilder.taints(g);
        for (NodeGroup.Provisioning p : g.status().provisioningOrEmpty()) {
            Optional<Node> joined = view.nodes().stream().filter(n -> n.name().equalsIgnoreCase(p.hostname())).findFirst();
            if (joined.isEmpty() || (joined.get().labels().entrySet().containsAll(labels.entrySet())
                    && joined.get().taints().containsAll(taints))) {
                continue;
            }
            String node = joined.get().name();
            if (dryRun) {
                reasons.add("dry run: would label node " + node + " for group " + g.name());
                continue;
            }
            try {
                cluster.labelNode(node, labels, taints);
            } catch (ClusterPort.ClusterException e) {
                if (!e.invalid()) {
                    throw e;
                }
                // The API server refuses this node update (422): retrying every reconcile would stall the group for good.
                refused(g, node, e.getMessage());
                reasons.add("node " + node + " joined but the API server refused its labels and taints (" + e.getMessage()
                        + "); reported, not retried");
                continue;
            }
            reasons.add("node " + node + " joined; gave it the group's labels and taints");
        }
        return reasons;
    }

    /** A 422 on a node update: a condition and one Warning Event per message, the plan goes on. */
    private void refused(NodeGroup g, String node, String why) {
        String message = "the API server refused to label node " + node + ": " + why;
        if (status.raise(g, new NodeGroup.Condition(NODE_UPDATE_REFUSED, "True", "Invalid", message, clock.instant()))) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, NODE_UPDATE_REFUSED, message));
        }
    }
}
