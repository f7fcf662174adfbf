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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static com.vpsie.autoscaler.webhook.SandboxHttp.fixture;
import static com.vpsie.autoscaler.webhook.SandboxHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walking skeleton end to end, with nothing stubbed inside the function: pods are created,
 * the stand-in scheduler's FailedScheduling events reach the webhook over HTTP, the reconciler
 * plans and calls the simulated VPSie over HTTP, workers join as Ready nodes, pods run.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.provision-delay", value = "400ms")
@Property(name = "sandbox.scheduler-interval", value = "100ms")
@Property(name = "sandbox.event-interval", value = "1s")
class SandboxEndToEndTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void tenOneCpuPodsGetNineNodesAndRunAndResentTriggersAddNothing() throws Exception {
        BlockingHttpClient http = client.toBlocking();
        call(http, auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", SandboxHttp.startWorld()))));

        call(http, auth(post("/sandbox/pods", "{\"name\":\"web\",\"replicas\":10,\"cpu\":\"1\",\"memory\":\"512Mi\"}")));

        // Each 2-CPU node offers 1900m: one 1-CPU pod per node. One node exists, so nine are added.
        waitFor(http, c -> pods(c).stream().allMatch(p -> "Running".equals(p.get("phase"))), 20_000);
        // VPSie workers join with kubelet's labels only; the next reconcile (here the heartbeat) gives them the group's.
        http.exchange(auth(HttpRequest.POST("/v1/reconcile", "")), String.class);
        Map<String, Object> cluster = call(http, auth(HttpRequest.GET("/sandbox/cluster"))).body();
        assertThat(((List<?>) cluster.get("nodes")).size()).isEqualTo(10);
        assertThat(((List<Map<String, Object>>) cluster.get("nodes")).stream().allMatch(n -> Boolean.TRUE.equals(n.get("ready"))
                && "general".equals(n.get("nodeGroup")))).isTrue();
        assertThat(stat(http, "addCalls")).isEqualTo(9);

        // The same trigger 20 more times, concurrently: triggers say "look again", and nothing is missing.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(pool.submit(() -> call(http, auth(post("/v1/webhooks/alertmanager", fixture("alertmanager-firing-two-alerts.json")))).code()));
        }
        for (Future<Integer> f : sent) {
            assertThat(f.get()).isEqualTo(202);
        }
        pool.shutdown();
        assertThat(stat(http, "addCalls")).isEqualTo(9);
        assertThat(((Number) call(http, auth(HttpRequest.GET("/v1/nodegroups/general"))).body().get("provisioningNodes")).intValue()).isEqualTo(0);
    }

    @Test
    void triggersWhileNodesAreProvisioningDoNotAddThemAgain() {
        BlockingHttpClient http = client.toBlocking();
        call(http, auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", SandboxHttp.startWorld()))));
        call(http, auth(post("/sandbox/pods", "{\"name\":\"batch\",\"replicas\":4,\"cpu\":\"1500m\",\"memory\":\"1Gi\"}")));
        for (int i = 0; i < 20; i++) {
            call(http, auth(post("/v1/webhooks/alertmanager", fixture("alertmanager-firing-two-alerts.json"))));
        }
        assertThat(stat(http, "addCalls")).as("one pod fits the existing node; three need new nodes, asked once").isEqualTo(3);
        waitFor(http, c -> pods(c).stream().allMatch(p -> "Running".equals(p.get("phase"))), 20_000);
        assertThat(stat(http, "addCalls")).isEqualTo(3);
    }

    private static List<Map<String, Object>> pods(Map<String, Object> cluster) {
        return (List<Map<String, Object>>) cluster.get("pods");
    }

    private static int stat(BlockingHttpClient http, String name) {
        return ((Number) call(http, auth(HttpRequest.GET("/sandbox/vpsie/stats"))).body().get(name)).intValue();
    }

    private static Map<String, Object> waitFor(BlockingHttpClient http, Predicate<Map<String, Object>> done, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        Map<String, Object> last = null;
        while (System.currentTimeMillis() < deadline) {
            last = call(http, auth(HttpRequest.GET("/sandbox/cluster"))).body();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the sandbox did not settle within " + millis + " ms; last state: " + last);
    }
}
