package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty POST /v1/scale at once over HTTP, each with its own Idempotency-Key, targets 1..10 in a
 * seeded order, on a group of three Ready nodes (minNodes 1): each answer is 202 saying what was
 * done or 409 naming what was in flight; the group never has fewer Ready, schedulable nodes than
 * its floor (watched throughout); it ends at the held target of the last request applied. Before,
 * every node was drained at once. ManualScaleRaceTest checks the same at every cordon, in process
 * and on two replicas.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "1h")
@Property(name = "autoscaler.auth.mutations-per-minute", value = "100000")
@Property(name = "autoscaler.drain.eviction-retry-interval", value = "5ms")
class ScaleOverHttpRaceTest {
    @Inject
    EmbeddedServer server;
    @Inject
    SandboxWorld world;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.getURL() + path)).header("Authorization", "Bearer sandbox")
                .header("Content-Type", "application/json");
    }

    @Test
    void fiftyAtOnceApplyOneAtATimeAndNeverCrossTheFloor() throws Exception {
        String three = com.vpsie.autoscaler.sandbox.StartWorld.withNodes(3);
        assertThat(http.send(request("/sandbox/scenario").PUT(HttpRequest.BodyPublishers.ofString(three)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        http.send(request("/sandbox/pods").POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"web\",\"replicas\":3,\"cpu\":\"100m\",\"memory\":\"64Mi\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readySchedulable()).isEqualTo(3);

        long seed = new Random().nextLong();
        System.out.println("ScaleOverHttpRaceTest seed " + seed);
        Random random = new Random(seed);
        AtomicBoolean racing = new AtomicBoolean(true);
        AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
        Thread watcher = new Thread(() -> {
            while (racing.get()) {
                lowest.accumulateAndGet(readySchedulable(), Math::min);
            }
        });
        watcher.start();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(http.sendAsync(request("/v1/scale").header("Idempotency-Key", "race-" + seed + "-" + i).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"nodeGroup\":\"general\",\"desiredNodes\":" + (1 + random.nextInt(10)) + ",\"reason\":\"req-" + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> applied = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
            if (r.statusCode() == 202) {
                assertThat(r.body()).as("seed %d", seed).contains("manual target ");
                applied.add(r.body());
            } else {
                assertThat(r.statusCode()).as("seed %d: %s", seed, r.body()).isEqualTo(409);
                assertThat(r.body()).contains("in flight on general").contains("nothing was done");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
        }
        racing.set(false);
        watcher.join();

        assertThat(applied).as("seed %d", seed).isNotEmpty();
        assertThat(lowest.get()).as("seed %d: Ready, schedulable nodes seen during the race", seed).isGreaterThanOrEqualTo(1);
        NodeGroup.ManualTarget held = world.view().group("general").orElseThrow().status().manualTarget();
        assertThat(held.inFlight()).isNull();
        String last = applied.stream().filter(b -> b.contains("\"trigger\":\"manual: " + held.reason() + "\"")).findFirst().orElse(null);
        assertThat(last).as("seed %d: the held target (%s) is an applied answer's", seed, held.reason()).isNotNull();
        assertThat(last).contains("manual target " + held.nodes() + " (from ");
        if (last.contains("\"action\":\"SCALE_DOWN\"")) {
            assertThat(world.view().group("general").orElseThrow().status().desiredNodes()).as("desired is the target after a manual scale-down")
                    .isEqualTo(held.nodes());
        }
    }

    private int readySchedulable() {
        return (int) world.view().nodes().stream().filter(n -> "general".equals(n.nodeGroup())).filter(n -> n.acceptsPods()).count();
    }
}
