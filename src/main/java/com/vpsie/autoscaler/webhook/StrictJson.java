package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.scenario.ScenarioStream;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.micronaut.http.HttpStatus;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON read the strict way, for the routes where a misread value costs money: exactly one value
 * and nothing after it, no key twice, and typed fields that take only their own JSON type
 * ({@code "dryRun":"TRUE"}, {@code "desiredNodes":2.5} or {@code [3]} are refused, not coerced).
 * Every refusal is a 400 that names the field, says what was expected and what was given.
 */
final class StrictJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private StrictJson() {
    }

    /**
     * Checks that a body is one well-formed JSON value with no duplicate key anywhere and nothing
     * after it. Every route reads its body through this before decoding it.
     */
    static void check(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() == null) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "expected a JSON value, got none");
            }
            p.skipChildren();
            JsonToken after = nextOrGarbage(p);
            if (after != null) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "expected one JSON value, got more after it at offset "
                        + p.currentTokenLocation().getCharOffset());
            }
        } catch (JsonParseException e) {
            throw refusal(e);
        } catch (IOException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "unreadable body: " + firstLine(e.getMessage()));
        }
    }

    /** A token after the root value, or a parse error when what follows is not JSON at all. */
    private static JsonToken nextOrGarbage(JsonParser p) throws IOException {
        try {
            return p.nextToken();
        } catch (JsonParseException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "expected one JSON value, got trailing content after it: "
                    + jacksonWords(e.getOriginalMessage()));
        }
    }

    private static ProblemException refusal(JsonParseException e) {
        String m = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        if (m.startsWith("Duplicate field")) {
            String name = m.replaceAll("(?s)^Duplicate field '([^']*)'.*$", "$1");
            return new ProblemException(HttpStatus.BAD_REQUEST, name, "field '" + name + "' is given twice; give it once");
        }
        return new ProblemException(HttpStatus.BAD_REQUEST, "body", "malformed JSON: " + jacksonWords(m));
    }

    /**
     * For a body that is a JSON array, the first item that is not an object, named by its index;
     * null when every item is one (or the body is no array). Decoders say neither which item nor
     * what it was ("Unexpected token VALUE_NUMBER_INT, expected START_OBJECT").
     */
    static ProblemException itemNotAnObject(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    return new ProblemException(HttpStatus.BAD_REQUEST, "[" + i + "]",
                            "item " + i + ": expected a JSON object, got " + ScenarioStream.describe(p.currentToken()));
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A JSON object's top-level fields, with the values as JSON gave them. */
    static Fields object(byte[] body) {
        check(body);
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "expected a JSON object, got " + ScenarioStream.describe(p.currentToken()));
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                fields.put(name, value(p, p.nextToken()));
            }
            return new Fields(fields);
        } catch (JsonParseException e) {
            throw refusal(e);
        } catch (IOException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "unreadable body: " + firstLine(e.getMessage()));
        }
    }

    /** A value kept with its JSON type: Boolean, BigInteger (integral), Double, String, null, or {@link Composite}. */
    private static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> p.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            case START_ARRAY, START_OBJECT -> {
                p.skipChildren();
                yield new Composite(t == JsonToken.START_ARRAY ? "an array" : "an object");
            }
            default -> throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "malformed JSON near " + t);
        };
    }

    /** An array or object where a plain value was expected; only its kind is kept, for the message. */
    record Composite(String kind) {
    }

    /** The top-level fields of an object, read by type. */
    static final class Fields {
        private final Map<String, Object> values;

        Fields(Map<String, Object> values) {
            this.values = values;
        }

        /** Refuses fields outside {@code known}, naming them all (a misspelt {@code DryRun} must not be ignored). */
        Fields only(Set<String> known) {
            Set<String> unknown = new TreeSet<>(values.keySet());
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                String first = unknown.iterator().next();
                throw new ProblemException(HttpStatus.BAD_REQUEST, first, "unknown field(s) " + quoted(unknown) + "; expected only "
                        + String.join(", ", new TreeSet<>(known)) + " (names are case-sensitive)");
            }
            return this;
        }

        /** A JSON boolean; absent is empty; null or anything else is refused. */
        Optional<Boolean> bool(String name) {
            if (!values.containsKey(name)) {
                return Optional.empty();
            }
            Object v = values.get(name);
            if (v instanceof Boolean b) {
                return Optional.of(b);
            }
            throw wrong(name, "true or false (a JSON boolean)", v);
        }

        /** A JSON integer from {@code min} to {@code max}; absent or null is empty. */
        Optional<Integer> integer(String name, int min, int max) {
            Object v = values.get(name);
            if (v == null) {
                return Optional.empty();
            }
            if (!(v instanceof BigInteger i)) {
                throw wrong(name, "an integer from " + min + " to " + max + " (a JSON number without a fraction)", v);
            }
            if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, name, "expected an integer from " + min + " to " + max + ", got " + i);
            }
            return Optional.of(i.intValue());
        }

        /** A JSON string of at most {@code maxLength} characters; absent or null is empty. */
        Optional<String> string(String name, int maxLength) {
            Object v = values.get(name);
            if (v == null) {
                return Optional.empty();
            }
            if (!(v instanceof String s)) {
                throw wrong(name, "a string", v);
            }
            if (s.length() > maxLength) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, name, "expected at most " + maxLength + " characters, got " + s.length());
            }
            return Optional.of(s);
        }

        private static ProblemException wrong(String name, String expected, Object given) {
            return new ProblemException(HttpStatus.BAD_REQUEST, name, "expected " + expected + ", got " + describe(given));
        }
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (v instanceof Composite c) {
            return c.kind();
        }
        if (v instanceof Boolean b) {
            return "the boolean " + b;
        }
        return "the number " + v;
    }

    private static String quoted(Set<String> names) {
        List<String> q = new ArrayList<>();
        names.forEach(n -> q.add("'" + (n.length() > 40 ? n.substring(0, 40) + "…" : n) + "'"));
        return String.join(", ", q);
    }

    /** The parser's own words: their first line, without the source location it appends. */
    private static String jacksonWords(String m) {
        return ScenarioStream.withoutSource(firstLine(m));
    }

    static String firstLine(String m) {
        if (m == null) {
            return "malformed JSON";
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
