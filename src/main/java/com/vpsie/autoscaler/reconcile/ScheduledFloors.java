package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.config.DurationText;
import io.micronaut.scheduling.cron.CronExpression;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * {@code spec.schedules}: known peaks as floors, pure functions of the spec and the time. A window
 * opens each time the schedule's cron fires and lasts its duration; inside it the group's floor is
 * at least the schedule's {@code minNodes}, so the heartbeat reconcile after the window opens
 * adds nodes before any pod asks. Outside every window the normal rules hold.
 */
public final class ScheduledFloors {
    private ScheduledFloors() {
    }

    /** The schedule whose window is open now (the one asking most nodes when several are), and until when. */
    public record Active(String name, int minNodes, Instant until) {
    }

    /** Reads every schedule as {@link #active} would, without a time: a bad field throws IllegalArgumentException naming it. */
    static void check(NodeGroup.Spec spec) {
        for (int i = 0; i < spec.schedulesOrEmpty().size(); i++) {
            read(spec.schedulesOrEmpty().get(i), "spec.schedules[" + i + "]");
        }
    }

    private record Read(Duration length, ZoneId zone, CronExpression cron) {
    }

    private static Read read(NodeGroup.Schedule s, String at) {
        if (s == null || s.cron() == null || s.duration() == null || s.minNodes() == null) {
            throw new IllegalArgumentException(at + ": expected cron, duration and minNodes, got "
                    + (s == null ? "null" : "cron " + s.cron() + ", duration " + s.duration() + ", minNodes " + s.minNodes()));
        }
        return new Read(DurationText.parse(s.duration(), at + ".duration"), zone(s.timeZone(), at + ".timeZone"), cron(s.cron(), at + ".cron"));
    }

    public static Optional<Active> active(NodeGroup.Spec spec, Instant now) {
        Active best = null;
        for (int i = 0; i < spec.schedulesOrEmpty().size(); i++) {
            NodeGroup.Schedule s = spec.schedulesOrEmpty().get(i);
            String at = "spec.schedules[" + i + "]";
            Read r = read(s, at);
            // The first firing after (now - duration): if it is not after now, its window is open.
            ZonedDateTime opened = r.cron().nextTimeAfter(now.minus(r.length()).atZone(r.zone()));
            if (opened != null && !opened.toInstant().isAfter(now)) {
                Active a = new Active(s.name() == null ? at : s.name(), s.minNodes(), opened.toInstant().plus(r.length()));
                if (best == null || a.minNodes() > best.minNodes()) {
                    best = a;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Kubernetes' five fields (minute hour day month weekday) or Micronaut's six (seconds first). */
    private static CronExpression cron(String text, String field) {
        String t = text.trim();
        String six = t.split("\\s+").length == 5 ? "0 " + t : t;
        try {
            return CronExpression.create(six);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": expected a cron expression such as \"0 8 * * MON-FRI\", got '" + text + "'");
        }
    }

    private static ZoneId zone(String text, String field) {
        if (text == null || text.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + ": expected a time zone such as Europe/Berlin or UTC, got '" + text + "'");
        }
    }
}
