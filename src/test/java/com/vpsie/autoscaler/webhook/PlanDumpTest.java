package com.vpsie.autoscaler.webhook;

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
import java.nio.charset.StandardCharsets;
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

    private static final String BLOAT = "{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"Pod\\\",\\\"spec\\\":{\\\"containers\\\":[{\\\"image\\\":\\\"" + "x".repeat(400) + "\\\"}]}}";
    private static final String MANAGED = "[{\"manager\":\"kube-controller-manager\",\"operation\":\"Update\",\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{}},"
            + "\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{\"f:resources\":{}}}}}}]";

    /** A kubectl List of {@code nodes} Nodes of group general and {@code pods} Pods, a tenth of them pending. */
    private static byte[] dump(int nodes, int pods) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder b = new StringBuilder("{\"apiVersion\":\"v1\",\"items\":[");
        for (int i = 0; i < nodes; i++) {
            b.append(i == 0 ? "" : ",").append("""
                    {"apiVersion":"v1","kind":"Node","metadata":{"name":"general-%1$04d","managedFields":%2$s,
                     "labels":{"kubernetes.io/hostname":"general-%1$04d","autoscaler.vpsie.com/nodegroup":"general"}},
                     "status":{"allocatable":{"cpu":"3900m","memory":"7800Mi","pods":"110"},"conditions":[{"type":"Ready","status":"True"}]}}"""
                    .formatted(i, MANAGED));
        }
        for (int j = 0; j < pods; j++) {
            boolean pending = j % 10 == 0;
            b.append(",").append("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"app-%d","namespace":"default","managedFields":%s,
                     "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"%s"}},
                     "spec":{%s"containers":[{"name":"app","resources":{"requests":{"cpu":"1","memory":"1Gi"}}}]},
                     "status":{"phase":"%s"}}""".formatted(j, MANAGED, BLOAT, pending ? "" : "\"nodeName\":\"general-" + "%04d".formatted(j % nodes) + "\",",
                    pending ? "Pending" : "Running"));
            if (b.length() > 1 << 20) {
                out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
                b.setLength(0);
            }
        }
        out.writeBytes(b.append("],\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"}}").toString().getBytes(StandardCharsets.UTF_8));
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
        byte[] body = dump(10, 12_000);
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
        HttpResponse<String> r = post(dump(10, 18_000));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("autoscaler.plan.max-scenario-size");
    }
}
