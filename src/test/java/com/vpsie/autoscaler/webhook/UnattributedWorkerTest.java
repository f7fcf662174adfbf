package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static com.vpsie.autoscaler.webhook.SandboxHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker added behind the autoscaler's back (VPSie's panel, another tool) is in no record of
 * ours: it is reported as unattributed and never removed, and a scale-up next to it does not take
 * it for one of its own adds.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.provision-delay", value = "300ms")
@Property(name = "sandbox.scheduler-interval", value = "100ms")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.reconcile.gc-interval", value = "0s")
class UnattributedWorkerTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Test
    @SuppressWarnings("unchecked")
    void aWorkerAddedBehindOurBackIsReportedAndNeverRemoved() throws Exception {
        BlockingHttpClient http = client.toBlocking();
        call(http, auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", SandboxHttp.startWorld()))));
        Map<String, Object> foreign = call(http, auth(post("/sandbox/vpsie/workers", "{\"groupId\":11}"))).body();
        String hostname = (String) foreign.get("hostname");

        http.exchange(auth(HttpRequest.POST("/v1/reconcile", "")), String.class);
        assertThat(unattributed(http)).containsExactly(hostname);

        // Pods that need new nodes: the adds find their own workers, not the foreign one.
        call(http, auth(post("/sandbox/pods", "{\"name\":\"web\",\"replicas\":4,\"cpu\":\"1\",\"memory\":\"512Mi\"}")));
        http.exchange(auth(HttpRequest.POST("/v1/reconcile", "")), String.class);
        Thread.sleep(1_500); // well past the 300 ms provision delay, so every worker has joined before the last reconciles
        for (int i = 0; i < 3; i++) {
            http.exchange(auth(HttpRequest.POST("/v1/reconcile", "")), String.class);
        }

        Map<String, Object> stats = call(http, auth(HttpRequest.GET("/sandbox/vpsie/stats"))).body();
        assertThat(((Number) stats.get("addCalls")).intValue()).as("the plan added workers").isPositive();
        assertThat(((Number) stats.get("removeCalls")).intValue()).as("nothing removed").isZero();
        assertThat(((Number) stats.get("duplicateAdds")).intValue()).isZero();
        assertThat(unattributed(http)).as("still reported, not claimed by an add").containsExactly(hostname);
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) call(http, auth(HttpRequest.GET("/sandbox/cluster"))).body().get("nodes");
        assertThat(nodes).filteredOn(n -> hostname.equalsIgnoreCase((String) n.get("name"))).singleElement()
                .satisfies(n -> assertThat(n.get("nodeGroup")).as("not given our group label").isNull());
        assertThat(nodes).filteredOn(n -> !hostname.equalsIgnoreCase((String) n.get("name"))).isNotEmpty()
                .allSatisfy(n -> assertThat(n.get("nodeGroup")).isEqualTo("general"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> unattributed(BlockingHttpClient http) {
        List<Map<String, Object>> groups = (List<Map<String, Object>>) (List<?>) http.retrieve(auth(HttpRequest.GET("/v1/nodegroups")),
                io.micronaut.core.type.Argument.listOf(Map.class));
        List<Map<String, Object>> workers = (List<Map<String, Object>>) groups.get(0).get("unattributedWorkers");
        return workers == null ? List.of() : workers.stream().map(w -> (String) w.get("hostname")).toList();
    }
}
