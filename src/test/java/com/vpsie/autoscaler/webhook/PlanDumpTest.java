package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.bench.ClusterDumps;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /v1/plan with what {@code kubectl get nodes,pods -A -o json} prints for a cluster, bloated as
 * real dumps are (managedFields, last-applied-configuration): streamed past Micronaut's 10 MiB
 * request buffer, planned against the live NodeGroups and VPSie sizes, and cut off at the limit.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.plan.max-scenario-size", value = "16MB")
class PlanDumpTest {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    /** A kubectl List of {@code nodes} Nodes of group general and {@code pods} Pods, a tenth of them pending. */
    private static byte[] dump(int nodes, int pods) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClusterDumps.kubectlList(out, nodes, pods);
        return out.toByteArray();
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/plan")).header("Authorization", "Bearer sandbox")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKubectlDumpOverTheOldBufferIsPlannedAgainstTheLiveGroups() throws Exception {
        byte[] body = dump(10, 2_000);
        assertThat(body.length).as("over Micronaut's 10 MiB request buffer").isGreaterThan(10 << 20).isLessThan(16 << 20);

        HttpResponse<String> r = post(body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> plan = json.readValue(r.body(), Map.class);
        List<Map<String, Object>> groups = (List<Map<String, Object>>) plan.get("nodeGroups");
        assertThat(groups).as("the sandbox's live NodeGroup, which the dump does not carry").singleElement().satisfies(g -> {
            assertThat(g.get("name")).isEqualTo("general");
            assertThat(g.get("currentNodes")).as("the dump's nodes").isEqualTo(10);
        });
    }

    @Test
    void aDumpOverTheLimitIsRefused() throws Exception {
        HttpResponse<String> r = post(dump(10, 3_000));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("autoscaler.plan.max-scenario-size");
    }
}
