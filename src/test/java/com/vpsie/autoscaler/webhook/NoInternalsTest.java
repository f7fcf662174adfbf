package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No answer names what reads the request: no Java class, no JSON reader's token or type names or
 * source notes, no framework wording, on every route that reads a body and on the open health
 * routes. Each row answered with one of those before (a Jackson or Micronaut message passed on).
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.auth.mutations-per-minute", value = "100000")
class NoInternalsTest {
    /** Words only the libraries use. */
    static final String[] INTERNAL = {"Exception", "java.", "com.vpsie", "io.micronaut", "[Source:", "$", "StreamReadConstraints", "VALUE_",
            "START_", "Failed to convert argument", "Cannot deserialize", "HealthCheckType", "`", "Numeric value", "JsonReadFeature",
            "Unrecognized token", "close marker", "Required Body", "request.", "Object:", "Payload", "KubeEvent", "NodeGroupObject", "boxsizeId"};

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Stream<Arguments> bodies() {
        String longKey = "{\"" + "a".repeat(60_000) + "\":1}";
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        return Stream.of(
                Arguments.of("POST", "/v1/webhooks/events", "[{\"reason\":\"FailedScheduling\",\"involvedObject\":\"x\"}]"),
                Arguments.of("POST", "/v1/webhooks/events", "[{\"reason\":\"FailedScheduling\",\"count\":\"x\"}]"),
                Arguments.of("POST", "/v1/webhooks/events", deep),
                Arguments.of("POST", "/v1/webhooks/alertmanager", "{\"version\":\"4\",\"alerts\":[{\"labels\":5}]}"),
                Arguments.of("POST", "/v1/webhooks/alertmanager", longKey),
                Arguments.of("POST", "/v1/scale", longKey),
                Arguments.of("POST", "/v1/plan", "{\"nodeGroups\":[{\"metadata\":{\"name\":\"a\"},\"spec\":{\"minNodes\":\"x\"}}]}"),
                Arguments.of("POST", "/v1/plan", longKey),
                Arguments.of("PUT", "/sandbox/scenario", "{\"nodeGroups\":[{\"metadata\":{\"name\":\"a\"},\"spec\":\"x\"}]}"),
                Arguments.of("PUT", "/sandbox/scenario", "{\"nodeGroups\":[{\"metadata\":{\"name\":\"a\"},\"spec\":{\"minNodes\":\"x\"}}]}"),
                Arguments.of("PUT", "/sandbox/scenario", "{\"nodeGroups\":[{\"metadata\":"),
                Arguments.of("PUT", "/sandbox/scenario", longKey),
                Arguments.of("PUT", "/sandbox/scenario", deep),
                Arguments.of("POST", "/sandbox/pods", "{\"name\":"),
                Arguments.of("POST", "/sandbox/pods", "{\"name\":\"a\",\"replicas\":\"x\",\"cpu\":\"1\",\"memory\":\"1Gi\"}"),
                Arguments.of("POST", "/sandbox/pods", "{\"name\":\"a\",\"replicas\":1,\"cpu\":\"1e400\",\"memory\":\"1Gi\"}"),
                Arguments.of("POST", "/sandbox/pods", "{\"name\":\"a\",\"replicas\":1,\"cpu\":\"\",\"memory\":\"\"}"),
                Arguments.of("PUT", "/sandbox/scenario", ""),
                Arguments.of("POST", "/v1/plan", "{\"nodeGroups\":[{\"apiVersion\":{\"a\":1},\"metadata\":{\"name\":\"a\"}}]}"),
                Arguments.of("POST", "/v1/plan", "{\"sizes\":[{\"id\":99999999999999999999999}]}"),
                Arguments.of("POST", "/v1/plan", "{\"vpsieNodeGroups\":[{\"id\":1,\"boxsize_id\":1e400}]}"),
                Arguments.of("POST", "/v1/webhooks/alertmanager", "\"str\""),
                Arguments.of("POST", "/v1/webhooks/events", "[{\"reason\":\"FailedScheduling\",\"count\":99999999999}]"),
                Arguments.of("POST", "/v1/webhooks/events", "{\"a\":NaN}"),
                Arguments.of("POST", "/v1/webhooks/events", "{\"a\":garbage}"),
                Arguments.of("POST", "/v1/scale", "{'nodeGroup':1}"),
                Arguments.of("POST", "/v1/webhooks/alertmanager", "{\"version\":\"4\",\"alerts\":[{\"labels\":{}}"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("bodies")
    void aRefusedBodyIsAnsweredInTheRequestsWords(String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).header("Authorization", "Bearer sandbox")
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).doesNotContain(INTERNAL);
    }

    @ParameterizedTest(name = "GET {0} without a token")
    @ValueSource(strings = {"/health/xyz", "/health/xyz%3Cscript%3E", "/health/LIVENESS", "/health/liveness/x"})
    void anUnknownHealthRouteIsAPlain404(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(r.body()).doesNotContain(INTERNAL).doesNotContain("xyz", "script", "LIVENESS");
    }
}
