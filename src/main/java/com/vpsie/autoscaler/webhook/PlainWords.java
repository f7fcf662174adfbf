package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.scenario.ScenarioStream;
import com.fasterxml.jackson.core.JsonToken;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every problem's detail in the words of the request, not of the libraries that read it: the JSON
 * reader's token names, type names and source notes, the framework's argument and enum names, and
 * any Java class name are turned into what was expected and what was given. Applied to every
 * answer ({@link Problem#of}), so no route can leak one; the log keeps the original.
 */
final class PlainWords {
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(start marker )?at \\[Source: .*", Pattern.DOTALL);
    private static final Pattern ARGUMENT = Pattern.compile("Failed to convert argument \\[\\w+\\] for value \\[[^\\]]*\\] due to: ");
    private static final Pattern PROPERTY = Pattern.compile("Error decoding property \\[[^\\]]*?(\\w+)\\] of type \\[[^\\]]*\\]: ");
    private static final Pattern TYPE = Pattern.compile("Cannot deserialize (?:value|map|instance) of type `[^`]*`(?: due to: | from [^:]*: ?)?");
    private static final Pattern TOKEN = Pattern.compile("Unexpected token \\(?([A-Z_]+)\\)?,? expected ([A-Z_]+)");
    private static final Pattern CONSTRAINT = Pattern.compile(
            "(Name|String value|Number value) length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+), from `[^`]*`\\)");
    private static final Pattern DEPTH = Pattern.compile("Document nesting depth \\((\\d+)\\) exceeds the maximum allowed \\((\\d+), from `[^`]*`\\)");
    private static final Pattern ENUM = Pattern.compile("No enum constant [\\w.$]+\\.(\\S+)");
    private static final Pattern NOT_VALID = Pattern.compile("(not a valid|expected a JSON) ([A-Z][A-Za-z]+)");
    private static final Pattern NUMBER_RANGE = Pattern.compile("Numeric value \\((\\S+)\\) out of range of (int|long) \\([^)]*\\)");
    private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '([^']*)'[^,;]*? to allow");
    private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']*)': was expecting \\([^)]*\\)");
    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.)' \\(code \\d+\\)\\)");
    private static final Pattern CLOSE_MARKER = Pattern.compile("expected close marker for (Object|Array)");
    private static final Pattern REQUIRED_BODY = Pattern.compile("Required Body \\[\\w+\\] not specified");
    private static final Pattern ARGUMENT_PATH = Pattern.compile("(^|; )(request|scenario|f|body)\\.");
    private static final Pattern BUFFER = Pattern.compile("The content length \\[(\\d+)\\] exceeds the maximum allowed bufferable length \\[(\\d+)\\].*",
            Pattern.DOTALL);
    private static final Pattern NUMBER_FORMAT = Pattern.compile("For input string: \"([^\"]*)\"");
    private static final Pattern BARE_TOKEN = Pattern.compile("\\b(VALUE_[A-Z_]+|START_OBJECT|START_ARRAY|END_OBJECT|END_ARRAY|FIELD_NAME)\\b");
    private static final Pattern JAVA_NAME = Pattern.compile("`?\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][\\w]*)(?:\\$(\\w+))?`?");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
    private static final Pattern METHOD = Pattern.compile("Method \\[(\\w+)\\] not allowed for URI \\[([^\\]]*)\\]\\. Allowed methods: \\[([^\\]]*)\\]");

    private PlainWords() {
    }

    static String of(String detail) {
        if (detail == null) {
            return null;
        }
        String s = SOURCE.matcher(detail).replaceAll("");
        s = ARGUMENT.matcher(s).replaceAll("");
        s = PROPERTY.matcher(s).replaceAll("$1: ");
        s = TYPE.matcher(s).replaceAll("");
        s = s.replaceAll("Unable to coerce string to (integer|int|long|double|float|number)", "expected a number, got a string")
                .replace("Unexpected end-of-input", "the body ends early")
                .replace("within/between Object entries", "inside an object")
                .replace("within/between Array entries", "inside an array");
        s = replace(TOKEN, s, m -> "expected " + kind(m.group(2)) + ", got " + kind(m.group(1)));
        s = replace(NOT_VALID, s, m -> m.group(1) + " " + thing(m.group(2)));
        s = replace(NUMBER_RANGE, s, m -> "the number " + m.group(1) + " is out of range (at most "
                + ("int".equals(m.group(2)) ? Integer.MAX_VALUE : Long.MAX_VALUE) + ")");
        s = replace(NON_STANDARD, s, m -> "'" + m.group(1) + "' is not a JSON number");
        s = replace(UNRECOGNIZED, s, m -> "'" + m.group(1) + "' is not a JSON value");
        s = replace(UNEXPECTED_CHAR, s, m -> "unexpected character '" + m.group(1) + "'");
        s = s.replace("expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "expected a JSON value")
                .replace("Page Not Found", "no such route")
                .replace("Malformed URI", "the request's address is not a valid URI");
        s = replace(DUPLICATE, s, m -> "the field '" + m.group(1) + "' is given twice");
        s = replace(METHOD, s, m -> m.group(1) + " is not accepted at " + m.group(2) + "; accepted: " + m.group(3));
        s = replace(CLOSE_MARKER, s, m -> "an " + m.group(1).toLowerCase(java.util.Locale.ROOT) + " that is never closed");
        s = REQUIRED_BODY.matcher(s).replaceAll("expected a JSON body, got none");
        s = ARGUMENT_PATH.matcher(s).replaceAll("$1");
        s = replace(BUFFER, s, m -> "the body is " + m.group(1) + " bytes; at most " + m.group(2) + " accepted here");
        s = replace(NUMBER_FORMAT, s, m -> "'" + m.group(1) + "' is not a number");
        s = replace(BARE_TOKEN, s, m -> kind(m.group(1)));
        s = replace(CONSTRAINT, s, m -> "a " + ("Name".equals(m.group(1)) ? "field name" : m.group(1).toLowerCase(java.util.Locale.ROOT))
                + " of " + m.group(2) + " characters; at most " + m.group(3) + " accepted");
        s = replace(DEPTH, s, m -> "objects and arrays nested " + m.group(1) + " deep; at most " + m.group(2) + " accepted");
        s = replace(ENUM, s, m -> "'" + m.group(1) + "' is not one of the accepted values");
        s = replace(JAVA_NAME, s, m -> m.group(2) == null ? m.group(1) : m.group(1) + " " + m.group(2).toLowerCase(java.util.Locale.ROOT));
        s = BACKTICKED.matcher(s).replaceAll("$1");
        s = s.strip();
        return s.isEmpty() ? "the request could not be read" : s;
    }

    /** A payload type's name as words: NodeGroupObject is a NodeGroup, KubeEvent a Kubernetes Event, the rest split at capitals. */
    private static String thing(String type) {
        return switch (type) {
            case "NodeGroupObject" -> "NodeGroup";
            case "KubeEvent" -> "Kubernetes Event";
            case "Offer" -> "VPSie size";
            case "NodeGroup", "List", "Pod", "Node", "DaemonSet", "PodDisruptionBudget", "VPSie" -> type;
            default -> type.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String kind(String token) {
        try {
            return ScenarioStream.describe(JsonToken.valueOf(token));
        } catch (IllegalArgumentException notAToken) {
            return "something else";
        }
    }

    private static String replace(Pattern p, String s, java.util.function.Function<java.util.regex.MatchResult, String> with) {
        return p.matcher(s).replaceAll(m -> Matcher.quoteReplacement(with.apply(m)));
    }
}
