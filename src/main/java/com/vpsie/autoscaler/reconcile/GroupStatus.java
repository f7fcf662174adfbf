package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterPort;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.UnaryOperator;

/**
 * Read-modify-write of one NodeGroup's status under its resourceVersion: on a conflict the group
 * is read again and the change applied to what is stored now, a bounded number of times.
 */
@Singleton
public class GroupStatus {
    private static final Logger LOG = LoggerFactory.getLogger(GroupStatus.class);

    private final ClusterPort cluster;
    private final ReconcileConfig config;

    public GroupStatus(ClusterPort cluster, ReconcileConfig config) {
        this.cluster = cluster;
        this.config = config;
    }

    /**
     * Sets a condition on a group unless the group, as read, already carries it with the same
     * status and message: a problem found at every reconcile is written, and told, once.
     *
     * @return whether it was set now (so the caller tells it, with an Event)
     */
    public boolean raise(NodeGroup g, NodeGroup.Condition c) {
        boolean already = g.status().condition(c.type())
                .filter(x -> x.status().equals(c.status()) && java.util.Objects.equals(x.message(), c.message())).isPresent();
        if (!already) {
            update(g.name(), s -> s.withCondition(c));
        }
        return !already;
    }

    public NodeGroup update(String group, UnaryOperator<NodeGroup.Status> change) {
        for (int attempt = 1; ; attempt++) {
            NodeGroup g = cluster.nodeGroups().stream().filter(x -> x.name().equals(group)).findFirst().orElseThrow(() -> new ReconcileFailure.GroupGone(group));
            NodeGroup.Status next = change.apply(g.status());
            if (next.equals(g.status())) {
                return g;
            }
            try {
                return cluster.writeStatus(g, next);
            } catch (ClusterPort.StatusConflict e) {
                if (attempt >= config.conflictRetries()) {
                    throw new ReconcileFailure.ConflictRetriesExhausted(e.getMessage(), attempt);
                }
                LOG.info("status of {} changed under us; applying the change again (attempt {})", group, attempt);
            }
        }
    }
}
