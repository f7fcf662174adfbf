package com.vpsie.autoscaler.webhook;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two patterns that once killed the function with a token in hand, against a real process at
 * the production heap (384 MiB): 2,000 {@code POST /v1/scale} dry runs of 1 MiB each under distinct
 * Idempotency-Keys (the store kept every body), and 2,000 Alertmanager deliveries whose alert name
 * is 1 MiB long (kept in 500 decisions and logged whole). The process must still answer
 * {@code /health} afterwards, and its log must stay small.
 */
class MemoryExhaustionTest {
    private static final int REQUESTS = 2_000;
    private static final int MIB = 1 << 20;

    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void bigIdempotentBodiesAndHugeAlertNamesLeaveTheProcessAnswering() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("memory-exhaustion", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "-Dmicronaut.environments=sandbox", "-Dmicronaut.server.port=" + port, "-Dsandbox.export-events=false",
                "-Dautoscaler.auth.mutations-per-minute=100000", "-Dsandbox.provision-delay=1h",
                "com.vpsie.autoscaler.Application")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        waitForHealth(http, base, 60_000);

        String padding = " ".repeat(MIB - 100);
        String scale = "{\"nodeGroup\":\"general\",\"desiredNodes\":1,\"dryRun\":true}" + padding;
        String name = "A".repeat(MIB - 200);
        String alert = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"" + name
                + "\",\"vpsie_autoscaler\":\"true\"}}]}";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            statuses.add(post(http, base + "/v1/scale", scale, "key-" + i));
        }
        for (int i = 0; i < REQUESTS; i++) {
            statuses.add(post(http, base + "/v1/webhooks/alertmanager", alert, null));
        }

        assertThat(process.isAlive()).as("still running after %s requests; log %s", 2 * REQUESTS, log).isTrue();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(statuses).as("every request answered without a 5xx").hasSize(2 * REQUESTS).allSatisfy(s -> assertThat(s).isLessThan(500));
        assertThat(Files.size(log)).as("the log holds no 1 MiB names (%s)", log).isLessThan(64L * MIB);
    }

    private static int post(HttpClient http, String url, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer sandbox").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void waitForHealth(HttpClient http, String base, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("the function started").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the function did not answer /health within " + millis + " ms");
    }
}
