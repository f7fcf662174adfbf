package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static com.vpsie.autoscaler.webhook.SandboxHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A NodeGroup with an absurd value (a schedule lasting 27 billion years, headroom of two billion
 * pods, more nodes than a cluster holds) is skipped naming the field; every route still answers,
 * and the other group is planned, listed, reconciled and reached by the webhook. Before, the
 * schedule overflowed a date computation and every route answered 500, and the headroom expanded
 * into pods until the heap was gone.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "1h")
class BadGroupIsolationTest {
    @Inject
    @Client("/")
    HttpClient client;

    static Stream<Arguments> absurd() {
        return Stream.of(
                Arguments.of("a schedule of P9999999999999D", "\"scaleUp\": {\"maxNodesPerStep\": 10}", "\"scaleUp\": {\"maxNodesPerStep\": 10}, " + "\"schedules\":[{\"cron\":\"0 8 * * *\",\"duration\":\"P9999999999999D\",\"minNodes\":1}]",
                        "spec.schedules[0].duration"),
                Arguments.of("a schedule of 99999999999999h", "\"scaleUp\": {\"maxNodesPerStep\": 10}", "\"scaleUp\": {\"maxNodesPerStep\": 10}, " + "\"schedules\":[{\"cron\":\"0 8 * * *\",\"duration\":\"99999999999999h\",\"minNodes\":1}]",
                        "spec.schedules[0].duration"),
                Arguments.of("headroom of 2,000,000,000 pods", "\"scaleUp\": {\"maxNodesPerStep\": 10}", "\"scaleUp\": {\"maxNodesPerStep\": 10}, " + "\"headroom\":[{\"replicas\":2000000000,\"cpu\":\"1m\"}]", "spec.headroom[0].replicas"),
                Arguments.of("eleven headroom entries", "\"scaleUp\": {\"maxNodesPerStep\": 10}", "\"scaleUp\": {\"maxNodesPerStep\": 10}, " + "\"headroom\":[" + "{\"replicas\":1,\"cpu\":\"1m\"},".repeat(10) + "{\"replicas\":1,\"cpu\":\"1m\"}]",
                        "spec.headroom"),
                Arguments.of("a taint's effect null", "\"template\": {\"labels\"", "\"template\": {\"taints\": [{\"key\": \"a\", \"effect\": null}], \"labels\"",
                        "spec.template.taints[0].effect"),
                Arguments.of("maxNodes 2,000,000,000", "\"maxNodes\": 10", "\"maxNodes\": 2000000000", "spec.maxNodes"),
                Arguments.of("a cooldown of P99999999D", "\"scaleUp\": {\"maxNodesPerStep\": 10}", "\"scaleUp\": {\"cooldown\": \"P99999999D\"}",
                        "spec.scaleUp.cooldown"));
    }

    /** The start world with a second group, "other", and {@code find} in {@code general}'s spec replaced. */
    private static String world(String find, String replace) {
        String w = SandboxHttp.startWorld();
        String other = "{\"apiVersion\":\"autoscaler.vpsie.com/v1alpha1\",\"kind\":\"NodeGroup\",\"metadata\":{\"name\":\"other\",\"namespace\":\"vpsie-autoscaler\"},"
                + "\"spec\":{\"minNodes\":0,\"maxNodes\":5,\"vpsie\":{\"clusterId\":\"sandbox-cluster\",\"nodeGroupId\":11}}},";
        String withOther = w.replaceFirst("\"nodeGroups\": \\[", java.util.regex.Matcher.quoteReplacement("\"nodeGroups\": [" + other));
        assertThat(withOther).as("the row's anchor").contains(find);
        return withOther.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("absurd")
    @SuppressWarnings("unchecked")
    void isSkippedNamingTheFieldAndEveryRouteAnswers(String what, String find, String replace, String field) {
        BlockingHttpClient http = client.toBlocking();
        String world = world(find, replace);

        Map<String, Object> whatIf = call(http, auth(post("/v1/plan", world))).body();
        assertThat((Map<String, String>) whatIf.get("skippedNodeGroups")).as(what).containsOnlyKeys("general");
        assertThat(((Map<String, String>) whatIf.get("skippedNodeGroups")).get("general")).contains(field);

        call(http, auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", world))));
        Map<String, Object> live = call(http, auth(HttpRequest.GET("/v1/plan"))).body();
        assertThat(((Map<String, String>) live.get("skippedNodeGroups")).get("general")).as(what).contains(field);
        assertThat(live.get("nodeGroups").toString()).contains("name=other");
        assertThat(http.exchange(auth(HttpRequest.GET("/v1/nodegroups")), String.class).code()).isEqualTo(200);
        assertThat(call(http, auth(HttpRequest.GET("/v1/nodegroups/other"))).code()).isEqualTo(200);
        assertThat(call(http, auth(HttpRequest.GET("/v1/nodegroups/general"))).body().get("invalidSpec")).as("the summary says it is skipped")
                .asString().contains(field);
        assertThat(http.exchange(auth(post("/v1/reconcile?nodeGroup=other", "")), String.class).code()).isBetween(200, 299);
        String all = http.exchange(auth(post("/v1/reconcile", "")), String.class).body();
        assertThat(all).as("every group reconciled, the bad one failed naming the field").contains("\"nodeGroup\":\"other\"").contains(field);
        assertThat(http.exchange(auth(post("/v1/webhooks/events", SandboxHttp.fixture("event-failedscheduling-insufficient-cpu.json"))), String.class)
                .code()).isBetween(200, 299);
        Map<String, Object> refused = SandboxHttp.problem(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":5}")), 422);
        assertThat(refused.get("detail").toString()).as("a manual scale of the invalid group").contains(field).contains("nothing was done");
        assertThat(http.exchange(auth(HttpRequest.GET("/v1/nodegroups/general")), String.class).body()).as("no target held")
                .doesNotContain("manualTarget");
        String general = http.exchange(auth(post("/v1/reconcile?nodeGroup=general", "")), String.class).body();
        assertThat(general).as(what).contains("\"outcome\":\"INVALID_SPEC\"").contains(field);
        assertThat(http.exchange(auth(post("/v1/webhooks/alertmanager", SandboxHttp.fixture("alertmanager-firing-two-alerts.json"))), String.class).code())
                .isBetween(200, 299);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDumpWhoseGroupNamesAClusterVpsieDoesNotKnowSkipsThatGroup() {
        String dump = "{\"kind\":\"List\",\"items\":[{\"apiVersion\":\"autoscaler.vpsie.com/v1alpha1\",\"kind\":\"NodeGroup\","
                + "\"metadata\":{\"name\":\"elsewhere\"},\"spec\":{\"minNodes\":1,\"maxNodes\":3,\"vpsie\":{\"clusterId\":\"nosuch\",\"nodeGroupId\":11}}},"
                + "{\"apiVersion\":\"autoscaler.vpsie.com/v1alpha1\",\"kind\":\"NodeGroup\",\"metadata\":{\"name\":\"here\"},"
                + "\"spec\":{\"minNodes\":1,\"maxNodes\":3,\"vpsie\":{\"clusterId\":\"sandbox-cluster\",\"nodeGroupId\":11}}}]}";
        call(client.toBlocking(), auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", SandboxHttp.startWorld()))));
        Map<String, Object> plan = call(client.toBlocking(), auth(post("/v1/plan", dump))).body();
        assertThat(((Map<String, String>) plan.get("skippedNodeGroups")).get("elsewhere")).contains("cluster nosuch");
        assertThat(plan.get("nodeGroups").toString()).contains("name=here");
    }
}
