package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.limits.Bounded;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * What one reconcile of one node group did, and why: {@code outcome} is the closed code a metric
 * and a test read, {@code action} the broad kind it belongs to, {@code reasons} the sentences and
 * {@code error} what failed, in words. Built by name ({@link #of}), never positionally.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(Instant time, String nodeGroup, String trigger, Action action, Outcome outcome, int fromNodes, int toNodes,
                       int added, int removed, List<String> reasons, @Nullable String error) {

    /** Longest trigger, reason or error kept: decisions are stored (500) and logged, and triggers come from callers. */
    static final int MAX_TEXT = 2_000;
    /** Most reasons kept per decision. */
    static final int MAX_REASONS = 50;

    public Decision {
        if (outcome == null || action != outcome.action()) {
            throw new IllegalArgumentException("a decision's action follows its outcome: " + outcome + " is not " + action);
        }
        trigger = Bounded.text(trigger, 200);
        error = Bounded.text(error, MAX_TEXT);
        List<String> capped = reasons.stream().limit(MAX_REASONS).map(r -> Bounded.text(r, MAX_TEXT)).toList();
        reasons = reasons.size() > MAX_REASONS
                ? Stream.concat(capped.stream(), Stream.of("… " + (reasons.size() - MAX_REASONS) + " more")).toList()
                : capped;
    }

    /** A decision about {@code nodeGroup} at {@code time}, for {@code trigger}; the rest is named on the builder. */
    public static Builder of(Instant time, String nodeGroup, String trigger) {
        return new Builder(time, nodeGroup, trigger);
    }

    /** This decision with other sizes and more reasons before its own (a manual scale's around the reconcile it ran). */
    Decision around(int from, int to, List<String> before) {
        return of(time, nodeGroup, trigger).nodes(from, to).added(added).removed(removed)
                .reasons(Stream.concat(before.stream(), reasons.stream()).toList()).outcome(outcome, error);
    }

    public static final class Builder {
        private final Instant time;
        private final String nodeGroup;
        private final String trigger;
        private int from;
        private int to;
        private int added;
        private int removed;
        private List<String> reasons = List.of();

        private Builder(Instant time, String nodeGroup, String trigger) {
            this.time = time;
            this.nodeGroup = nodeGroup;
            this.trigger = trigger;
        }

        public Builder nodes(int fromNodes, int toNodes) {
            this.from = fromNodes;
            this.to = toNodes;
            return this;
        }

        public Builder added(int n) {
            this.added = n;
            return this;
        }

        public Builder removed(int n) {
            this.removed = n;
            return this;
        }

        public Builder reasons(List<String> r) {
            this.reasons = List.copyOf(r);
            return this;
        }

        /** The decision, ending in an outcome that is not a failure. */
        public Decision outcome(Outcome outcome) {
            if (outcome.action() == Action.FAILED) {
                throw new IllegalArgumentException(outcome + " is a failure: say what failed");
            }
            return new Decision(time, nodeGroup, trigger, outcome.action(), outcome, from, to, added, removed, reasons, null);
        }

        /** The decision, ending in {@code outcome}; {@code error} says what failed when it is a failure (or a partial one). */
        public Decision outcome(Outcome outcome, @Nullable String error) {
            return new Decision(time, nodeGroup, trigger, outcome.action(), outcome, from, to, added, removed, reasons, error);
        }

        /** A failed decision: what failed, in words. */
        public Decision failed(Outcome outcome, String error) {
            if (outcome.action() != Action.FAILED) {
                throw new IllegalArgumentException(outcome + " is not a failure");
            }
            return outcome(outcome, error);
        }
    }

    @Serdeable
    public enum Action {
        /** Nodes were asked of VPSie. */
        SCALE_UP,
        /** Nodes were removed. */
        SCALE_DOWN,
        /** Nothing needed. */
        NONE,
        /** What would be done; nothing was. */
        DRY_RUN,
        /** Another reconcile of this group was running; this trigger was folded into its follow-up. */
        COALESCED,
        /** Could not complete; see error. */
        FAILED
    }

    /** Why the decision ended as it did: one closed code per way, each of one {@link Action}. */
    @Serdeable
    public enum Outcome {
        /** Nodes were asked of VPSie (some may have failed: see error). */
        SCALED_UP(Action.SCALE_UP),
        SCALED_DOWN(Action.SCALE_DOWN),
        /** Nothing to add or remove now (the reasons say what waits). */
        UNCHANGED(Action.NONE),
        DRY_RUN(Action.DRY_RUN),
        /** Folded into the follow-up of a reconcile running here. */
        COALESCED(Action.COALESCED),
        /** Another replica holds the group's Lease and acts on it. */
        LEASE_HELD_ELSEWHERE(Action.COALESCED),
        /** The NodeGroup was deleted meanwhile. */
        GROUP_GONE(Action.FAILED),
        /** The spec breaks a rule (SpecValid=False names the field). */
        INVALID_SPEC(Action.FAILED),
        /** VPSie does not list the group's VPSie node group. */
        VPSIE_GROUP_NOT_FOUND(Action.FAILED),
        /** Every status write lost a race with another writer. */
        STATUS_CONFLICTS(Action.FAILED),
        /** The Lease could not be read or written. */
        LEASE_UNAVAILABLE(Action.FAILED),
        /** VPSie failed or refused a call the reconcile needed. */
        VPSIE_FAILED(Action.FAILED),
        /** The Kubernetes API failed or refused a call the reconcile needed. */
        KUBERNETES_FAILED(Action.FAILED),
        /** Nodes were planned, and VPSie added none of them. */
        ADDS_FAILED(Action.FAILED),
        /** A bug: the log has the trace under the error's id. */
        INTERNAL_ERROR(Action.FAILED),
        /** A group created on demand: its VPSie group was asked for, or is awaited. */
        GROUP_CREATING(Action.NONE),
        /** A group created on demand got its VPSie group. */
        GROUP_CREATED(Action.NONE),
        /** A group created on demand stayed empty past its time and was deleted, in VPSie and here. */
        GROUP_DELETED(Action.SCALE_DOWN);

        private final Action action;

        Outcome(Action action) {
            this.action = action;
        }

        public Action action() {
            return action;
        }
    }
}
