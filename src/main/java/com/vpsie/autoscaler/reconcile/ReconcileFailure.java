package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;

/**
 * The ways one reconcile of one group can fail that are about the world, not about our code: the
 * group went away, others kept writing its status, or its spec has a field we cannot read. A
 * closed set, so the reconcile loop turns exactly these into a FAILED decision and lets anything
 * else (a bug) surface as one.
 */
public abstract sealed class ReconcileFailure extends RuntimeException
        permits ReconcileFailure.GroupGone, ReconcileFailure.ConflictRetriesExhausted, ReconcileFailure.InvalidSpec {

    private ReconcileFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The NodeGroup was deleted between two reads. */
    public static final class GroupGone extends ReconcileFailure {
        public GroupGone(String group) {
            super("NodeGroup " + group + " no longer exists", null);
        }
    }

    /** Every status write lost a race with another writer ({@code autoscaler.reconcile.conflict-retries}). */
    public static final class ConflictRetriesExhausted extends ReconcileFailure {
        public ConflictRetriesExhausted(String conflict, int attempts) {
            super(conflict + "; gave up after " + attempts + " attempts", null);
        }
    }

    /** A NodeGroup field the planner cannot read; the message names the field, what was expected and what was given. */
    public static final class InvalidSpec extends ReconcileFailure {
        public InvalidSpec(IllegalArgumentException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
