package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * {@code spec.schedules}: known peaks as floors and quiet hours as caps, pure functions of the spec
 * and the time. A window opens each time the schedule's cron fires and lasts its duration; inside
 * it the group's floor is at least the schedule's {@code minNodes} (so the heartbeat reconcile after
 * the window opens adds nodes before any pod asks), and its size at most the schedule's
 * {@code maxNodes} (nodes above it are drained, adds stop there). Outside every window the normal
 * rules hold.
 */
public final class ScheduledFloors {
    private ScheduledFloors() {
    }

    /** The schedule whose window is open now (the one asking most nodes when several are), and until when. */
    public record Active(String name, int minNodes, Instant until) {
    }

    /** The open window that caps the group lowest, and until when in its own zone. */
    public record Cap(String name, int maxNodes, ZonedDateTime until) {
        /** As a plan says it. */
        public String says() {
            return "schedule " + name + " caps the group at " + maxNodes + " node(s) until " + until;
        }
    }

    /** Reads every schedule as {@link #active} would, without a time: a bad field throws IllegalArgumentException naming it. */
    static void check(NodeGroup.Spec spec) {
        for (int i = 0; i < spec.schedulesOrEmpty().size(); i++) {
            read(spec.schedulesOrEmpty().get(i), "spec.schedules[" + i + "]");
        }
    }

    private static CronWindow read(NodeGroup.Schedule s, String at) {
        if (s == null || s.cron() == null || s.duration() == null || s.minNodes() == null && s.maxNodes() == null) {
            throw new IllegalArgumentException(at + ": expected cron, duration and minNodes or maxNodes, got "
                    + (s == null ? "null" : "cron " + s.cron() + ", duration " + s.duration() + ", minNodes " + s.minNodes()
                    + ", maxNodes " + s.maxNodes()));
        }
        if (s.minNodes() != null && s.maxNodes() != null && s.maxNodes() < s.minNodes()) {
            throw new IllegalArgumentException(at + ".maxNodes: expected at least its minNodes (" + s.minNodes() + "), got " + s.maxNodes());
        }
        return CronWindow.read(s.cron(), "cron", s.duration(), s.timeZone(), at);
    }

    public static Optional<Active> active(NodeGroup.Spec spec, Instant now) {
        return open(spec, now).stream().filter(o -> o.schedule().minNodes() != null)
                .max(java.util.Comparator.comparingInt((Open o) -> o.schedule().minNodes()))
                .map(o -> new Active(o.name(), o.schedule().minNodes(), o.until().toInstant()));
    }

    /** The lowest cap of the windows open now, if any schedule with {@code maxNodes} is open. */
    public static Optional<Cap> cap(NodeGroup.Spec spec, Instant now) {
        return open(spec, now).stream().filter(o -> o.schedule().maxNodes() != null)
                .min(java.util.Comparator.comparingInt(o -> o.schedule().maxNodes()))
                .map(o -> new Cap(o.name(), o.schedule().maxNodes(), o.until()));
    }

    /** A schedule whose window is open now: its name (or its place in the spec) and when the window closes, in its zone. */
    private record Open(NodeGroup.Schedule schedule, String name, ZonedDateTime until) {
    }

    /** The schedules open at {@code now}, in the spec's order. */
    private static java.util.List<Open> open(NodeGroup.Spec spec, Instant now) {
        java.util.List<Open> out = new java.util.ArrayList<>();
        for (int i = 0; i < spec.schedulesOrEmpty().size(); i++) {
            NodeGroup.Schedule s = spec.schedulesOrEmpty().get(i);
            String at = "spec.schedules[" + i + "]";
            read(s, at).openUntil(now).ifPresent(until -> out.add(new Open(s, s.name() == null ? at : s.name(), until)));
        }
        return out;
    }
}
