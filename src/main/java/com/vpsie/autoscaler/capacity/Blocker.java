package com.vpsie.autoscaler.capacity;

/**
 * Why a node stays, or a pod keeps its node: a closed set of codes, what the rule was about
 * ({@code subject}: the node, the pod's namespace/name, the PodDisruptionBudget) and the sentence an
 * operator reads. The planner's scale-down and consolidation, the drain and the manual scale-down
 * all answer these; metrics and tests read the code, people read the sentence.
 */
public record Blocker(Code code, String subject, String message) {
    public enum Code {
        /** The group would go below its floor (minNodes, a schedule, a held manual target). */
        AT_FLOOR,
        /** A disruption budget has no room now: the node goes when it has (the message says which budget, and until when). */
        DISRUPTION_BUDGET,
        /** The node carries the Cluster Autoscaler's scale-down-disabled annotation. */
        NODE_ANNOTATED,
        /** The node says do-not-disrupt: no voluntary removal. */
        NODE_DO_NOT_DISRUPT,
        /** The node is cordoned: being drained already, by us or by hand. */
        NODE_CORDONED,
        NODE_NOT_READY,
        /** The pod says safe-to-evict "false". */
        POD_NOT_SAFE_TO_EVICT,
        /** The pod says do-not-disrupt: its node stays while it runs there. */
        POD_DO_NOT_DISRUPT,
        /** A bare pod: nothing would recreate it. */
        POD_NOT_REPLICATED,
        /** emptyDir or hostPath: its data would be lost. */
        POD_LOCAL_STORAGE,
        /** A kube-system pod no PodDisruptionBudget covers. */
        SYSTEM_POD_WITHOUT_PDB,
        /** A PodDisruptionBudget allows fewer disruptions than the move needs. */
        PDB_EXHAUSTED,
        /** A pod would fit on no other node. */
        NO_PLACE_FOR_POD,
        /** The group's headroom would fit on no other node. */
        NO_PLACE_FOR_HEADROOM,
        /** Pods were bound to the node while it was being drained: work wanted there. */
        POD_ARRIVED_DURING_DRAIN,
        /** The API server denied an eviction outright (an admission policy). */
        EVICTION_DENIED,
        /** Evictions kept being refused (PodDisruptionBudget, API server busy) for the drain's time. */
        EVICTION_REFUSED_TOO_LONG,
        /** Evicted pods did not stop within the drain's time. */
        PODS_DID_NOT_STOP,
        /** Another replica took the group's Lease during the drain. */
        LEASE_LOST
    }

    public Blocker {
        if (code == null || message == null) {
            throw new IllegalArgumentException("a blocker needs a code and a message");
        }
    }

    static Blocker atFloor(String node, int floor) {
        return new Blocker(Code.AT_FLOOR, node, "kept for the group's floor of " + floor + " node(s): the others that may go would take it below");
    }

    static Blocker pod(Code code, Pod p, String message) {
        return new Blocker(code, p.key(), message);
    }

    @Override
    public String toString() {
        return message;
    }
}
