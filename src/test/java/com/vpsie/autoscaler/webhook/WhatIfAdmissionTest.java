package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What-ifs are admitted together: with one allowed at a time, a second one while the first is
 * still being read is answered 429 with Retry-After (nothing read, nothing kept), and once the first
 * is answered the next is planned. Before, every what-if was planned at once, and eight large ones
 * filled the heap.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.plan.max-concurrent", value = "1")
@Property(name = "autoscaler.auth.mutations-per-minute", value = "100000")
class WhatIfAdmissionTest {
    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpRequest.Builder plan() {
        return HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/plan")).header("Authorization", "Bearer sandbox")
                .header("Content-Type", "application/json");
    }

    private static final String SMALL = "{\"kind\":\"List\",\"items\":[]}";

    /** A what-if sent by hand, half of it: its headers promise more than ever comes, so it holds its slot while open. */
    private Socket halfSent() throws IOException {
        Socket s = new Socket(server.getHost(), server.getPort());
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/plan HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sandbox\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000000\r\n\r\n{\"kind\":\"List\",\"items\":[").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 200; i++) {
            out.write(("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p" + i + "\",\"namespace\":\"default\"},"
                    + "\"spec\":{\"containers\":[]},\"status\":{\"phase\":\"Running\"}},").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        s.setSoTimeout(50);
        return s;
    }

    /** Whether the server has answered the half-sent one (it lost the race for the slot to a probe). */
    private static boolean answered(Socket s) throws IOException {
        try {
            s.getInputStream().read(); // an answer, or the end of the connection: either way it is over
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void aSecondWhatIfWhileOneIsReadIsToldToComeBack() throws Exception {
        HttpResponse<String> second = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Socket first = halfSent();
        try {
            // A probe may take the slot just before the half-sent one asks: then that one is refused, and sent again.
            while (System.nanoTime() < until) {
                second = http.send(plan().POST(HttpRequest.BodyPublishers.ofString(SMALL)).build(), HttpResponse.BodyHandlers.ofString());
                if (second.statusCode() == 429) {
                    break;
                }
                assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
                if (answered(first)) {
                    first.close();
                    first = halfSent();
                }
            }
            assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(second.body()).contains("autoscaler.plan.max-concurrent").doesNotContain("Exception", "java.");
        } finally {
            first.close();
        }
        // The half-sent one is gone (its connection closed): its slot comes back.
        HttpResponse<String> after = null;
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            after = http.send(plan().POST(HttpRequest.BodyPublishers.ofString(SMALL)).build(), HttpResponse.BodyHandlers.ofString());
            if (after.statusCode() == 200) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(after.statusCode()).as("the slot was given back: %s", after.body()).isEqualTo(200);
    }

    @Test
    void aRefusedOrFailedWhatIfGivesItsSlotBack() throws IOException, InterruptedException {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> bad = http.send(plan().POST(HttpRequest.BodyPublishers.ofString("{\"pods\":[7]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
        }
        HttpResponse<String> ok = http.send(plan().POST(HttpRequest.BodyPublishers.ofString(SMALL)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }
}
