package com.vpsie.autoscaler.reconcile;

/** What reconcile needs of Kubernetes: one read of everything, and status writes with optimistic concurrency. */
public interface ClusterPort {

    ClusterView read();

    /**
     * Writes a NodeGroup's status if its {@code resourceVersion} still matches.
     *
     * @return the group as stored, with its new resourceVersion
     * @throws StatusConflict when someone else wrote first: re-read and re-plan
     */
    NodeGroup writeStatus(NodeGroup group, NodeGroup.Status status);

    /** Deletes a Node object whose machine is gone; a Node already gone is not an error. */
    void deleteNode(String name);

    /** The stored resource changed since it was read (HTTP 409 from the API server). */
    final class StatusConflict extends RuntimeException {
        public StatusConflict(String group) {
            super("NodeGroup " + group + " changed since it was read");
        }
    }
}
