package com.vpsie.autoscaler.webhook;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Request bodies read by hand, so that a bad body gets a 400 that says what was wrong (and a
 * chunked body over the limit a 413), never a 5xx. Every body must be one JSON value with no key
 * twice and nothing after it ({@link StrictJson#check}).
 */
@Singleton
public class JsonBodies {
    private final JsonMapper json;
    private final BodyLimitFilter limits;

    public JsonBodies(JsonMapper json, BodyLimitFilter limits) {
        this.json = json;
        this.limits = limits;
    }

    private <T> T read(byte[] body, Argument<T> type, long limit) {
        if (body == null || body.length == 0) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "expected a JSON body, got none");
        }
        if (body.length > limit) {
            throw new ProblemException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body", "body is " + body.length + " bytes; at most " + limit + " accepted here");
        }
        StrictJson.check(body);
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "expected a JSON " + describe(type) + ", got null");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            ProblemException item = List.class.isAssignableFrom(type.getType()) ? StrictJson.itemNotAnObject(body) : null;
            if (item != null) {
                throw item;
            }
            String field = failingField(body, type);
            throw new ProblemException(HttpStatus.BAD_REQUEST, field == null ? "body" : field,
                    (field == null ? "not a valid " + describe(type) : "field '" + field + "' has the wrong type or shape") + ": " + StrictJson.firstLine(e.getMessage()));
        }
    }

    /**
     * The decoder does not say where it failed; on this (rare) path, find the first top-level field
     * that fails on its own, so the answer can name it.
     */
    private String failingField(byte[] body, Argument<?> type) {
        try {
            JsonNode tree = json.readValue(body, JsonNode.class);
            if (tree == null || !tree.isObject()) {
                return null;
            }
            for (Map.Entry<String, JsonNode> field : tree.entries()) {
                try {
                    json.readValueFromTree(JsonNode.createObjectNode(Map.of(field.getKey(), field.getValue())), type);
                } catch (IOException | RuntimeException e) {
                    return field.getKey();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The most bytes a webhook-sized body may have. */
    public long webhookLimit() {
        return limits.limit();
    }

    /** Webhook-sized bodies. */
    public <T> T readWebhook(byte[] body, Argument<T> type) {
        return read(body, type, limits.limit());
    }

    /** The first non-blank character, to tell a JSON array from an object. */
    public static char firstChar(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return (char) b;
            }
        }
        return 0;
    }

    private static String describe(Argument<?> type) {
        return type.getType().getSimpleName();
    }
}
