package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.stream.Stream;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static com.vpsie.autoscaler.webhook.SandboxHttp.post;
import static com.vpsie.autoscaler.webhook.SandboxHttp.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input table: each row a route, a body, the status and the field the answer must name.
 * Every answer is problem+json and VPSie sees no call: a request meant as a dry run that is not
 * read as one must never scale.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "30s")
class BadInputTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    SandboxWorld world;

    @BeforeEach
    void startWorld() {
        call(client.toBlocking(), auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", SandboxHttp.startWorld()))));
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("dryRun as the string TRUE", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":3,\"dryRun\":\"TRUE\"}", "dryRun"),
                Arguments.of("dryRun as yes", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":3,\"dryRun\":\"yes\"}", "dryRun"),
                Arguments.of("dryRun as 1", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":3,\"dryRun\":1}", "dryRun"),
                Arguments.of("dryRun as an array", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":3,\"dryRun\":[\"x\"]}", "dryRun"),
                Arguments.of("dryRun null", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":3,\"dryRun\":null}", "dryRun"),
                Arguments.of("misspelt DryRun", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":3,\"DryRun\":true}", "DryRun"),
                Arguments.of("desiredNodes 2.5", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":2.5,\"dryRun\":true}", "desiredNodes"),
                Arguments.of("desiredNodes 3.0", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":3.0}", "desiredNodes"),
                Arguments.of("desiredNodes true", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":true}", "desiredNodes"),
                Arguments.of("desiredNodes [3]", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":[3]}", "desiredNodes"),
                Arguments.of("desiredNodes as a string", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":\"3\"}", "desiredNodes"),
                Arguments.of("desiredNodes negative", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":-1}", "desiredNodes"),
                Arguments.of("desiredNodes beyond int", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":99999999999999999999}", "desiredNodes"),
                Arguments.of("delta 1.5", "/v1/scale", "{\"nodeGroup\":\"general\",\"delta\":1.5}", "delta"),
                Arguments.of("duplicate key", "/v1/scale", "{\"nodeGroup\":\"general\",\"dryRun\":true,\"desiredNodes\":3,\"dryRun\":false}", "dryRun"),
                Arguments.of("trailing garbage", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":3,\"dryRun\":true} garbage", "body"),
                Arguments.of("a second object", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":3,\"dryRun\":true}{}", "body"),
                Arguments.of("nodeGroup a number", "/v1/scale", "{\"nodeGroup\":7,\"desiredNodes\":3}", "nodeGroup"),
                Arguments.of("an array, not an object", "/v1/scale", "[{\"nodeGroup\":\"general\",\"desiredNodes\":3}]", "body"),
                Arguments.of("truncated", "/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":", "body"),
                Arguments.of("webhook duplicate key", "/v1/webhooks/alertmanager",
                        "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[],\"alerts\":[{\"labels\":{\"alertname\":\"KubePodsPending\"}}]}", "alerts"),
                Arguments.of("webhook trailing garbage", "/v1/webhooks/alertmanager", "{\"version\":\"4\",\"alerts\":[]}xyz", "body"),
                Arguments.of("events trailing garbage", "/v1/webhooks/events", "[] []", "body"),
                Arguments.of("alertname null", "/v1/webhooks/alertmanager",
                        "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":null}}]}", "alerts[0].labels.alertname"),
                Arguments.of("an alert null", "/v1/webhooks/alertmanager", "{\"version\":\"4\",\"alerts\":[null]}", "alerts[0].labels"),
                Arguments.of("an event null", "/v1/webhooks/events", "[null]", "[0]"),
                Arguments.of("events that are numbers", "/v1/webhooks/events", "[1,2,3]", "[0]"),
                Arguments.of("the second event a string", "/v1/webhooks/events", "[{\"reason\":\"Scheduled\"},\"x\"]", "[1]"),
                Arguments.of("a what-if pod that is a number", "/v1/plan", "{\"pods\":[{\"metadata\":{\"name\":\"a\"}},7]}", "pods[1]"),
                Arguments.of("a what-if cut off", "/v1/plan", "{\"pods\":[{\"metadata\":{\"name\":\"a\"", "body"),
                Arguments.of("a webhook cut off in its alerts", "/v1/webhooks/alertmanager", "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\"}", "body"));
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("pods:[null]", "\"pods\": []", "\"pods\": [null]", "pods[0]"),
                Arguments.of("nodes:[null]", "\"nodes\": [", "\"nodes\": [null, ", "nodes[0]"),
                Arguments.of("nodeGroups:[null]", "\"nodeGroups\": [", "\"nodeGroups\": [null, ", "nodeGroups[0]"),
                Arguments.of("containers:[null]", "\"pods\": []", "\"pods\": [" + pod("\"containers\":[null]") + "]", "pods[0]"),
                Arguments.of("a null request", "\"pods\": []", "\"pods\": [" + pod("\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":null}}}]") + "]", "pods[0]"),
                Arguments.of("negative memory", "\"pods\": []", "\"pods\": [" + pod("\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"memory\":\"-1Gi\"}}}]") + "]", "pods[0]"),
                Arguments.of("a negative hourly price", "\"sizes\": [", "\"sizes\": [" + size(4096, "-1") + ", ", "sizes[0]: hourly_price: expected a price of 0 or more, got -1.0"),
                Arguments.of("an infinite price", "\"sizes\": [", "\"sizes\": [" + size(4096, "1e400") + ", ", "sizes[0]: hourly_price: expected a price of 0 or more"),
                Arguments.of("a negative RAM", "\"sizes\": [", "\"sizes\": [" + size(-1, "0.1") + ", ", "sizes[0]: ram: expected 1 or more"),
                Arguments.of("a null label value", "\"pods\": []", "\"pods\": [" + pod("\"nodeSelector\":{\"pool\":null},\"containers\":[]") + "]", "pods[0]"));
    }

    private static String size(long ram, String hourlyPrice) {
        return "{\"id\":9,\"name\":\"bad\",\"cpu\":2,\"ram\":" + ram + ",\"disk\":80,\"price\":20,\"hourly_price\":" + hourlyPrice + "}";
    }

    private static String pod(String spec) {
        return "{\"metadata\":{\"name\":\"a\",\"namespace\":\"default\"},\"spec\":{" + spec + "},\"status\":{\"phase\":\"Pending\"}}";
    }

    @ParameterizedTest(name = "plan with {0}")
    @MethodSource("scenarios")
    void aScenarioWithANullOrNegativeValueIsRefusedNamingWhere(String what, String find, String replace, String where) {
        String scenario = SandboxHttp.startWorld().replace(find, replace);
        Map<String, Object> p = problem(client.toBlocking(), auth(post("/v1/plan", scenario)), 400);
        assertThat(p.get("field") + " " + p.get("detail")).as("%s", p).contains(where);
        assertThat(p.get("detail").toString()).doesNotContain("Exception", "com.vpsie", "java.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefusedNamingTheFieldAndVpsieSeesNothing(String what, String route, String body, String field) {
        int adds = world.stats().get("addCalls");
        int removes = world.stats().get("removeCalls");

        Map<String, Object> p = problem(client.toBlocking(), auth(post(route, body)), 400);

        assertThat(p.get("field")).as("the field named in %s", p).isEqualTo(field);
        assertThat(p.get("detail").toString()).doesNotContain("Exception", "com.vpsie", "java.", "[Source:");
        assertThat(world.stats().get("addCalls")).isEqualTo(adds);
        assertThat(world.stats().get("removeCalls")).isEqualTo(removes);
    }

    @ParameterizedTest(name = "{0} without a token")
    @ValueSource(strings = {"/threaddump", "/beans", "/routes", "/metrics", "/refresh", "/env", "/loggers", "/info", "/caches", "/stop"})
    void internalsAreClosed(String path) {
        BlockingHttpClient http = client.toBlocking();
        for (HttpRequest<?> r : new HttpRequest<?>[]{HttpRequest.GET(path), HttpRequest.POST(path, "{}")}) {
            try {
                http.exchange(r, String.class);
                throw new AssertionError(r.getMethodName() + " " + path + " answered without a token");
            } catch (HttpClientResponseException e) {
                assertThat(e.getStatus().getCode()).as("%s %s", r.getMethodName(), path).isIn(401, 404, 405);
            }
        }
    }

    @ParameterizedTest(name = "{0} open")
    @ValueSource(strings = {"/health", "/health/liveness", "/health/readiness", "/prometheus"})
    void healthAndPrometheusStayOpen(String path) {
        assertThat(client.toBlocking().exchange(HttpRequest.GET(path), String.class).code()).isEqualTo(200);
    }
}
