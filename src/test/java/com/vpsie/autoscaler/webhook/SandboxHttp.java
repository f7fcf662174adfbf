package com.vpsie.autoscaler.webhook;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Small helpers for talking to the function in the sandbox as curl would. */
final class SandboxHttp {
    static final String TOKEN = "sandbox";

    private SandboxHttp() {
    }

    static String fixture(String name) {
        try (InputStream in = SandboxHttp.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " missing", e);
        }
    }

    static String startWorld() {
        try (InputStream in = SandboxHttp.class.getResourceAsStream("/sandbox/start-world.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> MutableHttpRequest<T> auth(MutableHttpRequest<T> r) {
        return r.bearerAuth(TOKEN);
    }

    static HttpResponse<Map> call(BlockingHttpClient http, MutableHttpRequest<?> request) {
        return http.exchange(request, Argument.of(Map.class));
    }

    /** The call fails with this status and an application/problem+json body; returns the problem. */
    static Map<String, Object> problem(BlockingHttpClient http, MutableHttpRequest<?> request, int status) {
        try {
            HttpResponse<Map> r = http.exchange(request, Argument.of(Map.class));
            throw new AssertionError("expected HTTP " + status + ", got " + r.code() + " " + r.body());
        } catch (HttpClientResponseException e) {
            assertThat(e.getStatus().getCode()).as(() -> "body: " + e.getResponse().getBody(String.class).orElse("")).isEqualTo(status);
            assertThat(e.getResponse().getContentType().map(Object::toString).orElse("")).isEqualTo("application/problem+json");
            @SuppressWarnings("unchecked")
            Map<String, Object> body = e.getResponse().getBody(Map.class).orElseThrow();
            assertThat(((Number) body.get("status")).intValue()).isEqualTo(status);
            assertThat(body.get("detail") != null && !body.get("detail").toString().isBlank()).as("problem has a detail").isTrue();
            return body;
        }
    }

    static MutableHttpRequest<String> json(MutableHttpRequest<String> r) {
        return r.contentType("application/json");
    }

    static MutableHttpRequest<String> post(String uri, String body) {
        return json(HttpRequest.POST(uri, body));
    }
}
