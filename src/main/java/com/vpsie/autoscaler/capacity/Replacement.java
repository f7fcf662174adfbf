package com.vpsie.autoscaler.capacity;

import java.util.List;

/**
 * {@code nodes} of {@code group} replaced by {@code newNodes} new nodes of {@code byGroup} (which may
 * be the same group), their pods moving over: for a lower hourly price ({@code cause}
 * Consolidation), because they stopped being Ready (Unhealthy), differ from a new node of their
 * group (Drifted) or are older than it allows (Expired). A proposal, or one underway and
 * how far it has come; {@code reason} says why in an operator's words.
 */
public record Replacement(String group, List<String> nodes, String byGroup, int newNodes, double hourlyBefore, double hourlyAfter,
                          State state, String reason, DisruptionReason cause) {
    public Replacement {
        nodes = List.copyOf(nodes);
        cause = cause == null ? DisruptionReason.CONSOLIDATION : cause;
    }

    public Replacement(String group, List<String> nodes, String byGroup, int newNodes, double hourlyBefore, double hourlyAfter,
                       State state, String reason) {
        this(group, nodes, byGroup, newNodes, hourlyBefore, hourlyAfter, state, reason, DisruptionReason.CONSOLIDATION);
    }

    /** Where a replacement stands in this plan. */
    public enum State {
        /** Worth doing now: nothing else is under way. */
        PROPOSED,
        /** Started: the new nodes are asked for and not all Ready yet. */
        WAITING_FOR_NODES,
        /** The new nodes are Ready, but another group is adding nodes for pods: the drain waits for it. */
        HELD,
        /** The new nodes are Ready and every pod of the replaced nodes has a place: drain them. */
        READY_TO_DRAIN,
        /** No longer possible (the pods changed, a group went, a PDB is spent): stop, keep the nodes. */
        ABANDONED
    }

    /** What was started, as the replaced group's status records it: which nodes go, and what the new group held then. */
    public record Underway(List<String> nodes, String byGroup, int newNodes, List<String> baseline, double hourlyBefore,
                           double hourlyAfter, DisruptionReason cause) {
        public Underway {
            nodes = List.copyOf(nodes);
            baseline = List.copyOf(baseline);
            cause = cause == null ? DisruptionReason.CONSOLIDATION : cause;
        }

        public Underway(List<String> nodes, String byGroup, int newNodes, List<String> baseline, double hourlyBefore, double hourlyAfter) {
            this(nodes, byGroup, newNodes, baseline, hourlyBefore, hourlyAfter, DisruptionReason.CONSOLIDATION);
        }
    }

    /** What a replacement for {@code cause} is called in plans, Events and status: repair, drift, expiry or consolidation. */
    public static String noun(DisruptionReason cause) {
        return switch (cause) {
            case UNHEALTHY -> "repair";
            case DRIFTED -> "drift";
            case EXPIRED -> "expiry";
            default -> "consolidation";
        };
    }

    public double savingPercent() {
        return hourlyBefore <= 0 ? 0 : (hourlyBefore - hourlyAfter) * 100 / hourlyBefore;
    }

    Replacement at(State next, String why) {
        return new Replacement(group, nodes, byGroup, newNodes, hourlyBefore, hourlyAfter, next, why, cause);
    }
}
