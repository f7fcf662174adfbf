package com.vpsie.autoscaler.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.IOException;

/**
 * An object whose first fields were read already (up to its {@code kind}), shown to the
 * decoder as if from its start: an opening brace, then the rest of its fields from the stream.
 */
final class ResumedObject extends JsonParserDelegate {
    private boolean atStart = true;

    ResumedObject(JsonParser inside) {
        super(inside);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        atStart = false;
        return super.nextToken();
    }

    @Override
    public JsonToken nextValue() throws IOException {
        atStart = false;
        return super.nextValue();
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        if (atStart) {
            atStart = false;
            skipRest(delegate);
            return this;
        }
        return super.skipChildren();
    }

    @Override
    public JsonToken currentToken() {
        return atStart ? JsonToken.START_OBJECT : super.currentToken();
    }

    @Override
    public JsonToken getCurrentToken() {
        return currentToken();
    }

    @Override
    public int currentTokenId() {
        return atStart ? JsonTokenId.ID_START_OBJECT : super.currentTokenId();
    }

    @Override
    public int getCurrentTokenId() {
        return currentTokenId();
    }

    @Override
    public boolean hasCurrentToken() {
        return atStart || super.hasCurrentToken();
    }

    @Override
    public boolean hasTokenId(int id) {
        return atStart ? id == JsonTokenId.ID_START_OBJECT : super.hasTokenId(id);
    }

    @Override
    public boolean hasToken(JsonToken t) {
        return atStart ? t == JsonToken.START_OBJECT : super.hasToken(t);
    }

    @Override
    public boolean isExpectedStartObjectToken() {
        return atStart || super.isExpectedStartObjectToken();
    }

    @Override
    public boolean isExpectedStartArrayToken() {
        return !atStart && super.isExpectedStartArrayToken();
    }

    @Override
    public String getText() throws IOException {
        return atStart ? "{" : super.getText();
    }

    /** Past the rest of an object whose parser stands inside it, on a value. */
    static void skipRest(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
        }
    }
}
