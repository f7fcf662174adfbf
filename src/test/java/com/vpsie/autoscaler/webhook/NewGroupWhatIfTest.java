package com.vpsie.autoscaler.webhook;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static com.vpsie.autoscaler.webhook.SandboxHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/** Groups on demand in a what-if, as docs/examples/what-if-new-group.json asks: the cheapest size that holds the pod, or the limit that stops it. */
@MicronautTest(environments = "sandbox")
class NewGroupWhatIfTest {
    @Inject
    @Client("/")
    HttpClient client;

    private Map<String, Object> plan(String world) {
        return call(client.toBlocking(), auth(post("/v1/plan", world))).body();
    }

    private static String example() throws IOException {
        return Files.readString(Path.of("docs/examples/what-if-new-group.json"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSixCpuPodAndOnlyATwoCpuGroupGetsANewGroupOfTheCheapestSizeThatHoldsIt() throws IOException {
        Map<String, Object> plan = plan(example());
        assertThat((List<Map<String, Object>>) plan.get("newGroups")).singleElement().satisfies(g -> {
            assertThat(g.get("name")).isEqualTo("auto-k8s-8c-16g");
            assertThat(g.get("sizeId")).isEqualTo(103);
            assertThat(g.get("sizeName")).isEqualTo("k8s-8c-16g");
            assertThat(((Number) g.get("hourlyPrice")).doubleValue()).isEqualTo(0.1111);
            assertThat(g.get("nodes")).isEqualTo(1);
            assertThat(g.get("pods")).isEqualTo(List.of("default/render"));
        });
        assertThat((List<Object>) plan.get("unschedulablePods")).as("planned for the new group").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void underAnHourlyLimitBelowThatPriceItPlansNothingAndNamesTheLimit() throws IOException {
        Map<String, Object> plan = plan(example().replace("\"autoProvisioning\": {", "\"limits\": {\"hourlyPrice\": 0.1}, \"autoProvisioning\": {"));
        assertThat((List<Object>) plan.get("newGroups")).isEmpty();
        assertThat(plan.get("unschedulablePods").toString()).contains("group auto-k8s-8c-16g: AutoscalerPolicy spec.limits.hourlyPrice $0.1000/h reached");
    }

    @Test
    void aSizeVpsieDoesNotOfferIsRefusedNamingItsField() throws IOException {
        Map<String, Object> plan = plan(example().replace("\"maxGroups\": 3", "\"maxGroups\": 3, \"sizes\": [\"k8s-8c-16g\", \"k8s-64c\"]"));
        assertThat(plan.get("unschedulablePods").toString())
                .contains("spec.autoProvisioning.sizes[1]: expected a size VPSie offers in datacenter sandbox-dc, got 'k8s-64c'");
    }

    /** The same world live in the sandbox: explain says the pod waits for the proposed group. */
    @Test
    @SuppressWarnings("unchecked")
    void explainSaysThePodWaitsForTheProposedGroup() throws IOException {
        io.micronaut.http.client.BlockingHttpClient http = client.toBlocking();
        call(http, auth(SandboxHttp.json(io.micronaut.http.HttpRequest.PUT("/sandbox/scenario", example()))));
        Map<String, Object> a = call(http, auth(io.micronaut.http.HttpRequest.GET("/v1/explain/pods/default/render"))).body();
        assertThat(a.get("verdict")).isEqualTo("waits for a new group");
        assertThat(a.get("nodeGroup")).isEqualTo("auto-k8s-8c-16g");
        assertThat(a.get("reasons").toString()).contains("NEW_GROUP").contains("VPSie size k8s-8c-16g (1 node(s), $0.1111/h)");
    }
}
