package com.vpsie.autoscaler.port;

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
     * Deletes a node group. VPSie may delete its workers with it: the caller makes sure it has none.
     *
     * @return true when VPSie deleted it, false when VPSie says it was already gone (HTTP 404)
     */
    boolean deleteNodeGroup(String clusterId, long groupId);

    /**
     * Starts adding workers to one group. VPSie's add may answer only {@code true}, and no listed
     * node names its group, so the adder finds each new worker as the one the cluster's listing
     * shows that it did not show before. That is exact only while no one else adds to the same
     * VPSie cluster, which the caller ensures ({@code AddLock}).
     */
    Adder adder(String clusterId, long nodeGroupId);

    /** Every node of a cluster as VPSie lists it, masters included (hostname = Kubernetes node name, up to case). */
    List<VpsieNode> clusterNodes(String clusterId);

    /**
     * Removes one worker.
     *
     * @return true when VPSie removed it, false when VPSie says it was already gone (HTTP 404, "not found")
     */
    boolean removeNode(String clusterId, String identifier);

    /**
     * The worker VPSie lists under {@code hostname}, compared without case: VPSie's hostnames may
     * differ in case from the Kubernetes node names (VPSie's own autoscaler lower-cases both).
     */
    static java.util.Optional<VpsieNode> workerNamed(List<VpsieNode> nodes, String hostname) {
        return hostname == null ? java.util.Optional.empty()
                : nodes.stream().filter(w -> !w.master() && hostname.equalsIgnoreCase(w.hostname())).findFirst();
    }

    /**
     * How long after an add whose outcome is unknown the listing is trusted to show its worker
     * ({@code vpsie.add-settle-time}): only after it may "not listed" be read as "not added".
     */
    java.time.Duration addSettleTime();

    /** Adds workers one at a time to one group. */
    interface Adder {
        /**
         * Adds one worker. VPSie creates it asynchronously; when VPSie's listing does not show it
         * yet, identifier and hostname are null and {@link AddedNode#confirmed()} says VPSie accepted it.
         *
         * @throws VpsieException when the worker was not added, or (ambiguous failure) when it may
         *                        have been and the listing does not show it yet
         */
        AddedNode add();
    }

    record VpsieCluster(String identifier, String name, String kubeVersion, int nodes) {
    }

    /**
     * {@code hourlyPrice}: VPSie's price of one node of the group's size per hour; 0 when unknown.
     * {@code kubeVersion}: the Kubernetes version of its cluster as VPSie lists it, null when not read.
     */
    record VpsieGroup(long id, String name, int cpu, long ramMb, int nodesCount, double hourlyPrice, String datacenter, String kubeVersion) {
        public VpsieGroup(long id, String name, int cpu, long ramMb, int nodesCount, double hourlyPrice, String datacenter) {
            this(id, name, cpu, ramMb, nodesCount, hourlyPrice, datacenter, null);
        }

        public VpsieGroup inCluster(String version) {
            return new VpsieGroup(id, name, cpu, ramMb, nodesCount, hourlyPrice, datacenter, version);
        }
    }

    record VpsieSize(long id, String name, int cpu, long ramMb, long diskGb, double hourlyPrice) {
    }

    /**
     * A node as VPSie lists it. No VPSie answer says which node group a node is in.
     * {@code identifier}: what a removal names (VPSie's identifier, or its numeric {@code id} where
     * the listing has no identifier, as govpsie's shape); {@code cpu} and {@code ramMb} are 0 when not listed.
     */
    record VpsieNode(String identifier, String hostname, String status, boolean master, int cpu, long ramMb) {
        /** Whether this node could be a worker of a group with {@code cpu} and {@code ramMb} (unknown sizes match). */
        public boolean couldBeOfSize(int groupCpu, long groupRamMb) {
            return (cpu == 0 || groupCpu == 0 || cpu == groupCpu) && (ramMb == 0 || groupRamMb == 0 || ramMb == groupRamMb);
        }
    }

    /** What an add found: the new worker, or nulls with {@code confirmed} when VPSie accepted it but does not list it yet. */
    record AddedNode(String identifier, String hostname, boolean confirmed) {
        public boolean identified() {
            return identifier != null || hostname != null;
        }
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
