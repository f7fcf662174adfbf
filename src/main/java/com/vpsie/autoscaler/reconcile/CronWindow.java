package com.vpsie.autoscaler.reconcile;

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
 * A window a spec writes as {@code cron}, {@code duration} and {@code timeZone} (schedules, budgets):
 * it opens each time the cron fires in that zone (UTC by default) and lasts the duration. Cron is
 * Kubernetes' five fields (minute hour day month weekday) or Micronaut's six (seconds first).
 */
record CronWindow(CronExpression cron, Duration length, ZoneId zone) {

    /**
     * Reads the three fields of the spec at {@code at}, the cron under the name {@code cronField}
     * ({@code cron} in a schedule, {@code schedule} in a budget); a bad one throws
     * IllegalArgumentException naming it.
     */
    static CronWindow read(String cron, String cronField, String duration, String timeZone, String at) {
        Duration length = DurationText.parse(duration, at + ".duration");
        if (length.isZero()) {
            throw new IllegalArgumentException(at + ".duration: expected a window longer than 0s, got '" + duration + "'");
        }
        return new CronWindow(cron(cron, at + "." + cronField), length, zone(timeZone, at + ".timeZone"));
    }

    /** When the window open at {@code now} closes, in its zone; empty when it is closed now. */
    Optional<ZonedDateTime> openUntil(Instant now) {
        // The first firing after (now - duration): if it is not after now, its window is open.
        ZonedDateTime opened = cron.nextTimeAfter(now.minus(length).atZone(zone));
        return opened != null && !opened.toInstant().isAfter(now) ? Optional.of(opened.plus(length)) : Optional.empty();
    }

    /** When the window next opens after {@code now}, in its zone, if the cron ever fires again. */
    Optional<ZonedDateTime> nextOpening(Instant now) {
        return Optional.ofNullable(cron.nextTimeAfter(now.atZone(zone)));
    }

    private static CronExpression cron(String text, String field) {
        String t = text.trim();
        String six = t.split("\\s+").length == 5 ? "0 " + t : t;
        try {
            return CronExpression.create(six);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": expected a cron expression such as \"0 8 * * MON-FRI\", got '" + text + "'", e);
        }
    }

    private static ZoneId zone(String text, String field) {
        if (text == null || text.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + ": expected a time zone such as Europe/Berlin or UTC, got '" + text + "'", e);
        }
    }
}
