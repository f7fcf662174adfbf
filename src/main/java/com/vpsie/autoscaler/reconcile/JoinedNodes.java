package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Drift;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.NodeEdit;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts the group's labels, taints and group label on nodes that joined for it (VPSie does not),
 * recognised by the hostname VPSie gave when the worker was asked for, with the record of what the
 * group put there ({@link Drift#LABELS}, {@link Drift#TAINTS}); and mends in place the nodes whose
 * labels or taints drifted from the group's where no pod has to move.
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
                cluster.editNode(node, NodeEdit.adding(labels, taints, Drift.record(g.spec().labels(), taints)));
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

    /**
     * Mends what of each drifted node of the group can be mended without moving a pod (labels set
     * or removed, taints the group no longer has removed), keeping the record of what the group put
     * there current; one reason and one Event on the node per node mended.
     */
    List<String> mend(NodeGroup g, List<Drift> drifted) {
        List<String> reasons = new ArrayList<>();
        for (Drift d : drifted) {
            List<Drift.Difference> mendable = d.differences().stream().filter(Drift.Difference::inPlace).toList();
            if (mendable.isEmpty()) {
                continue;
            }
            String says = String.join("; ", mendable.stream().map(Drift.Difference::says).toList());
            if (dryRun) {
                reasons.add("dry run: would mend node " + d.node() + " in place (" + says + ")");
                continue;
            }
            Drift.Fix fix = d.fix();
            try {
                cluster.editNode(d.node(), new NodeEdit(fix.setLabels(), fix.removeLabels(), List.of(), fix.removeTaints(), fix.record()));
            } catch (ClusterPort.ClusterException e) {
                if (!e.invalid()) {
                    throw e;
                }
                refused(g, d.node(), e.getMessage());
                reasons.add("node " + d.node() + " drifted, but the API server refused the mend (" + e.getMessage() + "); reported, not retried");
                continue;
            }
            String kinds = String.join(",", mendable.stream().map(x -> x.kind().name()).distinct().toList());
            cluster.record(ClusterEvent.onNode(d.node(), ClusterEvent.Type.Normal, "Drifted", kinds + ": mended in place: " + says));
            reasons.add("drift: node " + d.node() + " mended in place (" + says + ")");
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
