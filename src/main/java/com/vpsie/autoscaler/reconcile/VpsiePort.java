package com.vpsie.autoscaler.reconcile;

import java.util.List;

/** What reconcile needs of the VPSie API. Implemented by the real client and nothing else. */
public interface VpsiePort {

    /** The managed clusters of the account. */
    List<VpsieCluster> clusters();

    /** The VPSie node groups of a cluster, with the size (machine) each one provisions. */
    List<VpsieGroup> nodeGroups(String clusterId);

    /** Sizes and prices offered in a datacenter (cached by the client). */
    List<VpsieSize> offers(String datacenter);

    /** Creates a node group of one size in a cluster; answers its id. */
    long createNodeGroup(String clusterId, String name, long sizeId);

    /**
     * Starts adding workers to one group. The adder makes each add happen exactly once: an add
     * whose answer was lost is found again in VPSie's own count before anything is retried, which
     * is sound because only the holder of the group's Lease adds to or removes from the group.
     */
    Adder adder(String clusterId, long nodeGroupId);

    /** The workers of a cluster as VPSie lists them (hostname = Kubernetes node name). */
    List<VpsieNode> clusterNodes(String clusterId);

    /** Removes one worker; a worker that is already gone counts as removed. */
    void removeNode(String clusterId, String identifier);

    /** The identifier of the worker VPSie lists under {@code hostname} (the Kubernetes node name), if any. */
    static java.util.Optional<String> identifierOf(List<VpsieNode> workers, String hostname) {
        return workers.stream().filter(w -> hostname.equals(w.hostname())).map(VpsieNode::identifier).findFirst();
    }

    /** Adds workers one at a time to one group. */
    interface Adder {
        /**
         * Adds one worker. VPSie creates it asynchronously; identifier and hostname may be unknown yet.
         *
         * @throws VpsieException when the worker was not added (and, as far as VPSie's own list says, does not exist)
         */
        AddedNode add();
    }

    record VpsieCluster(String identifier, String name, String kubeVersion, int nodes) {
    }

    /** {@code hourlyPrice}: VPSie's price of one node of the group's size per hour; 0 when unknown. */
    record VpsieGroup(long id, String name, int cpu, long ramMb, int nodesCount, double hourlyPrice, String datacenter) {
    }

    record VpsieSize(long id, String name, int cpu, long ramMb, long diskGb, double hourlyPrice) {
    }

    /** {@code groupId} is null where VPSie's answer does not say which group a worker is in. */
    record VpsieNode(String identifier, String hostname, String status, Long groupId) {
    }

    record AddedNode(String identifier, String hostname) {
    }

    /** Why a VPSie call failed; decides whether it may have happened and whether to try again. */
    enum Failure {
        /** Timed out or the connection broke: VPSie may have done it. */
        UNREACHABLE,
        /** A 5xx, or {@code error:true} with a 5xx code: VPSie may have done it. */
        SERVER,
        /** 429: not done; ask again after Retry-After. */
        RATE_LIMITED,
        /** VPSie said no (4xx, {@code error:true}): not done, and asking again will not help. */
        REJECTED,
        /** The account may not grow ("exceeds the allowed limit", "quota"): not done; stop adding to this group. */
        QUOTA,
        /** The endpoint's circuit breaker is open: not sent. */
        CIRCUIT_OPEN,
        /** The client-side request budget is spent: not sent. */
        BUDGET,
        /** Credentials missing or refused. */
        AUTH;

        /** Whether VPSie may have carried the call out although the caller saw a failure. */
        public boolean ambiguous() {
            return this == UNREACHABLE || this == SERVER;
        }
    }

    /**
     * A VPSie call that failed: what was called, what came back, and VPSie's request id if any.
     * Messages never carry credentials or tokens.
     */
    class VpsieException extends RuntimeException {
        private final int status;
        private final Failure failure;

        public VpsieException(String message, int status, Failure failure) {
            super(message);
            this.status = status;
            this.failure = failure;
        }

        public int status() {
            return status;
        }

        public Failure failure() {
            return failure;
        }
    }
}
