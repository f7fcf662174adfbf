package com.vpsie.autoscaler.reconcile;

/**
 * The ways one reconcile of one group can fail that are about the world, not about our code: the
 * group went away, others kept writing its status, or its spec breaks a rule. A closed set, each
 * with the decision outcome it ends in, so the reconcile loop turns exactly these into a FAILED
 * decision with their code and lets anything else (a bug) surface as an internal error.
 */
public abstract sealed class ReconcileFailure extends RuntimeException
        permits ReconcileFailure.GroupGone, ReconcileFailure.ConflictRetriesExhausted, ReconcileFailure.InvalidSpec {

    private ReconcileFailure(String message) {
        super(message, null, false, false);
    }

    /** The code of the decision this failure ends. */
    public abstract Decision.Outcome outcome();

    /** The NodeGroup was deleted between two reads. */
    public static final class GroupGone extends ReconcileFailure {
        public GroupGone(String group) {
            super("NodeGroup " + group + " no longer exists");
        }

        @Override
        public Decision.Outcome outcome() {
            return Decision.Outcome.GROUP_GONE;
        }
    }

    /** Every status write lost a race with another writer ({@code autoscaler.reconcile.conflict-retries}). */
    public static final class ConflictRetriesExhausted extends ReconcileFailure {
        public ConflictRetriesExhausted(String conflict, int attempts) {
            super(conflict + "; gave up after " + attempts + " attempts");
        }

        @Override
        public Decision.Outcome outcome() {
            return Decision.Outcome.STATUS_CONFLICTS;
        }
    }

    /**
     * A NodeGroup field that breaks a rule: {@code field} as the spec spells it
     * ({@code spec.headroom[0].cpu}), {@code problem} what was expected and what was given.
     */
    public static final class InvalidSpec extends ReconcileFailure {
        private final String field;

        public InvalidSpec(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        /**
         * From a reader's refusal, which by this project's convention starts with the field it is
         * about ("spec.x: expected …, got …"); {@code spec} when it names none.
         */
        static InvalidSpec of(String refusal) {
            int colon = refusal.indexOf(": ");
            return colon > 0 && refusal.startsWith("spec") && !refusal.substring(0, colon).contains(" ")
                    ? new InvalidSpec(refusal.substring(0, colon), refusal.substring(colon + 2)) : new InvalidSpec("spec", refusal);
        }

        public String field() {
            return field;
        }

        @Override
        public Decision.Outcome outcome() {
            return Decision.Outcome.INVALID_SPEC;
        }
    }
}
