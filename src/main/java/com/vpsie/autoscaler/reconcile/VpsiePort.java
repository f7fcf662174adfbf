package com.vpsie.autoscaler.reconcile;

import java.util.List;

/** What reconcile needs of the VPSie API. Implemented by the real client and nothing else. */
public interface VpsiePort {

    /** The VPSie node groups of a cluster, with the size (machine) each one provisions. */
    List<VpsieGroup> nodeGroups(String clusterId);

    /** Adds one worker to a group. VPSie creates it asynchronously; identifier and hostname may be unknown yet. */
    AddedNode addNode(String clusterId, long nodeGroupId);

    /** The workers of a cluster as VPSie lists them (hostname = Kubernetes node name). */
    List<VpsieNode> clusterNodes(String clusterId);

    /** Removes one worker; a worker that is already gone counts as removed. */
    void removeNode(String clusterId, String identifier);

    /** {@code hourlyPrice}: VPSie's price of one node of the group's size per hour; 0 when unknown. */
    record VpsieGroup(long id, String name, int cpu, long ramMb, int nodesCount, double hourlyPrice) {
    }

    record VpsieNode(String identifier, String hostname, String status) {
    }

    record AddedNode(String identifier, String hostname) {
    }

    /** A VPSie call that failed: what was called, what came back, and VPSie's request id if any. */
    final class VpsieException extends RuntimeException {
        private final int status;

        public VpsieException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
