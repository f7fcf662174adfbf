package com.vpsie.autoscaler.port;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.Taint;

import java.util.List;
import java.util.Map;

/**
 * What reconcile needs of Kubernetes: one read of everything, status writes with optimistic
 * concurrency, and the few node and pod actions a scale-up or a drain takes.
 */
public interface ClusterPort {

    ClusterView read();

    /** The NodeGroups alone: what a webhook or a status write needs, much cheaper than {@link #read()}. */
    default List<NodeGroup> nodeGroups() {
        return read().nodeGroups();
    }

    /** The pods bound to one node (a drain watches them go). */
    default List<Pod> podsOn(String node) {
        return read().pods().stream().filter(p -> node.equals(p.nodeName())).toList();
    }

    /**
     * Writes a NodeGroup's status if its {@code resourceVersion} still matches.
     *
     * @return the group as stored, with its new resourceVersion
     * @throws StatusConflict when someone else wrote first: re-read and re-plan
     */
    NodeGroup writeStatus(NodeGroup group, NodeGroup.Status status);

    /** The AutoscalerPolicy alone (null when there is none), for a what-if on a dump planned under the live one. */
    default com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy policy() {
        return read().policy();
    }

    /** Creates a NodeGroup resource (a group made on demand); false when one of that name exists already. */
    boolean createNodeGroup(NodeGroup group);

    /** Replaces a NodeGroup's spec, conditional on its resourceVersion ({@link StatusConflict} when it changed). */
    NodeGroup writeSpec(NodeGroup group, NodeGroup.Spec spec);

    /** Deletes a NodeGroup resource; one already gone is not an error. */
    void deleteNodeGroup(NodeGroup group);

    /** Deletes a Node object whose machine is gone; a Node already gone is not an error. */
    void deleteNode(String name);

    /**
     * Changes a node's labels, taints and annotations (a joined node gets its group's, which VPSie
     * does not set; a drifted one is mended); what the edit does not name is kept.
     */
    void editNode(String node, NodeEdit edit);

    /** Cordons ({@code true}) or uncordons a node. */
    void setUnschedulable(String node, boolean unschedulable);

    /** Asks the Eviction API to evict one pod, which honours PodDisruptionBudgets. */
    Eviction evict(String namespace, String pod);

    /** Records a Kubernetes Event; losing one never fails a reconcile. */
    void record(ClusterEvent event);

    /** What the Eviction API answered, by meaning. */
    enum Eviction {
        /** Accepted: the pod is terminating. */
        EVICTED,
        /** The pod no longer exists (404). */
        GONE,
        /** A PodDisruptionBudget allows no disruption now (429), or the pod has more than one (500): wait and ask again. */
        BLOCKED,
        /** Refused by policy (403 from an admission webhook, other 4xx): asking again soon will not help; keep the node. */
        DENIED,
        /** The API server could not decide now (409 after conflicts, 504, other 5xx): ask again. */
        RETRY;

        /** Whether waiting and asking again may let the drain go on. */
        public boolean worthRetrying() {
            return this == BLOCKED || this == RETRY;
        }
    }

    /** The cluster could not be read or written (unreachable, forbidden, unexpected answer). */
    class ClusterException extends RuntimeException {
        public ClusterException(String message) {
            super(message);
        }

        /**
         * Whether the API server refused the object itself (HTTP 422 Invalid): sending it again
         * cannot help, so it is reported once rather than retried.
         */
        public boolean invalid() {
            return false;
        }
    }

    /** The stored resource changed since it was read (HTTP 409 from the API server). */
    final class StatusConflict extends RuntimeException {
        public StatusConflict(String group) {
            super("NodeGroup " + group + " changed since it was read");
        }
    }
}
