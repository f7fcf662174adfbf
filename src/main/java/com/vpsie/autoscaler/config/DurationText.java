package com.vpsie.autoscaler.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Kubernetes users write them in resources ({@code 10m}, {@code 1h30m}, {@code 90s}), or ISO-8601 ({@code PT10M}). */
public final class DurationText {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    /**
     * The longest duration read: a year (8784h). Longer is a typo or an attack, and would overflow
     * the date arithmetic done with it ({@code P9999999999999D} stopped every route once).
     */
    public static final Duration MAX = Duration.ofHours(8784);

    private DurationText() {
    }

    /** @throws IllegalArgumentException naming {@code field}, what was expected and what was given */
    public static Duration parse(String text, String field) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return bounded(Duration.parse(t), text, field);
            } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
                throw invalid(text, field);
            }
        }
        Matcher m = PART.matcher(t);
        long millis = 0;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            millis += (long) Math.min(n * switch (m.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1_000;
                default -> 1;
            }, MAX.toMillis() + 1.0);
            if (millis > MAX.toMillis()) {
                throw tooLong(text, field);
            }
            at = m.end();
        }
        if (t.isEmpty() || at != t.length()) {
            throw invalid(text, field);
        }
        return Duration.ofMillis(millis);
    }

    private static Duration bounded(Duration d, String text, String field) {
        if (d.isNegative()) {
            throw invalid(text, field);
        }
        if (d.compareTo(MAX) > 0) {
            throw tooLong(text, field);
        }
        return d;
    }

    private static IllegalArgumentException tooLong(String text, String field) {
        return new IllegalArgumentException(field + ": expected a duration of at most " + human(MAX) + " (a year), got '" + text + "'");
    }

    private static IllegalArgumentException invalid(String text, String field) {
        return new IllegalArgumentException(field + ": expected a duration such as 10m, 1h30m or 90s, got '" + text + "'");
    }

    /** The other way round, as people write it: {@code 30m}, {@code 1h30m}, {@code 90s}. */
    public static String human(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            b.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0) {
            b.append(s % 60).append('s');
        }
        return b.toString();
    }
}
