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

/**
 * The drift what-if of the README, as written in docs/examples: a node that lacks a template label
 * is mended in place, a node of the group's old VPSie size is replaced, each named with its reason.
 */
@MicronautTest(environments = "sandbox")
@io.micronaut.context.annotation.Property(name = "sandbox.scheduler-interval", value = "1h")
class DriftWhatIfTest {
    @Inject
    @Client("/")
    HttpClient client;

    @SuppressWarnings("unchecked")
    private Map<String, Object> plan(String world) {
        Map<String, Object> plan = call(client.toBlocking(), auth(post("/v1/plan", world))).body();
        assertThat((Map<String, Object>) plan.get("skippedNodeGroups")).as("%s", plan).isEmpty();
        return plan;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNodeLackingATemplateLabelIsMendedInPlaceAndANodeOfTheOldSizeIsReplaced() throws IOException {
        Map<String, Object> plan = plan(Files.readString(Path.of("docs/examples/what-if-drift.json")));
        List<Map<String, Object>> drifted = (List<Map<String, Object>>) plan.get("drifted");
        assertThat(drifted).extracting(d -> d.get("node") + " " + d.get("action"))
                .containsExactly("general-0001 MEND_IN_PLACE", "general-0002 REPLACE");
        assertThat(drifted.get(0).get("differences").toString()).contains("LABELS").contains("tier=web to set");
        assertThat(drifted.get(1).get("differences").toString()).contains("SIZE")
                .contains("size: 2 CPU(s), the group's VPSie size now has 4");
        List<Map<String, Object>> replacements = (List<Map<String, Object>>) plan.get("replacements");
        assertThat(replacements).singleElement().satisfies(r -> {
            assertThat(r.get("cause")).isEqualTo("Drifted");
            assertThat(r.get("nodes")).isEqualTo(List.of("general-0002"));
            assertThat(r.get("newNodes")).isEqualTo(1);
            assertThat(r.get("state")).isEqualTo("PROPOSED");
            assertThat(r.get("reason").toString()).contains("drift: node general-0002 drifted: size").contains("a new node of general first");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void driftOffFindsNothingAndAnExpiryBelowTenMinutesIsRefusedNamingItsField() throws IOException {
        String world = Files.readString(Path.of("docs/examples/what-if-drift.json"));
        Map<String, Object> off = plan(world.replace("\"minNodes\": 2,", "\"minNodes\": 2, \"drift\": {\"enabled\": false},"));
        assertThat((List<Object>) off.get("drifted")).isEmpty();
        assertThat((List<Object>) off.get("replacements")).isEmpty();
        Map<String, Object> plan = call(client.toBlocking(), auth(post("/v1/plan", world.replace("\"minNodes\": 2,",
                "\"minNodes\": 2, \"expireAfter\": \"30s\",")))).body();
        assertThat(((Map<String, Object>) plan.get("skippedNodeGroups")).get("general").toString())
                .contains("spec.expireAfter: expected at least 10m (or off), got '30s'");
    }

    /** The same world live in the sandbox: explain says which node is replaced next and why, and which is only mended. */
    @Test
    @SuppressWarnings("unchecked")
    void explainSaysWhichNodeIsReplacedAndWhichIsMended() throws IOException {
        io.micronaut.http.client.BlockingHttpClient http = client.toBlocking();
        call(http, auth(SandboxHttp.json(io.micronaut.http.HttpRequest.PUT("/sandbox/scenario",
                Files.readString(Path.of("docs/examples/what-if-drift.json"))))));
        Map<String, Object> old = call(http, auth(io.micronaut.http.HttpRequest.GET("/v1/explain/nodes/general-0002"))).body();
        assertThat(old.get("verdict")).isEqualTo("is replaced next");
        assertThat((List<Map<String, Object>>) old.get("reasons")).extracting(r -> r.get("code")).contains("DRIFTED");
        Map<String, Object> mended = call(http, auth(io.micronaut.http.HttpRequest.GET("/v1/explain/nodes/general-0001"))).body();
        assertThat(mended.get("verdict")).isEqualTo("stays");
        assertThat(mended.toString()).contains("mended in place at the next reconcile: labels: tier=web to set");
    }
}
