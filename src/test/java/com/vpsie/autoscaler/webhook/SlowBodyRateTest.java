package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A half-sent what-if under the default body deadline (5 minutes) is still cut off once its body
 * comes slower than autoscaler.http.body-min-rate over a 10 s window: before, two such uploads held
 * both what-if slots for the whole 5 minutes and every other what-if was told 429. The bound asked
 * here is three windows; the deadline it replaces is thirty. Requests one after another on one
 * connection are answered under the default deadlines too (under SlowClientsTest's 300 ms ones, a
 * slow machine's pause between an answer and the next request would be taken for an idle client).
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
class SlowBodyRateTest {
    @Inject
    EmbeddedServer server;

    @Test
    void aBodyThatStopsComingIsCutOffWithinAFewWindows() throws Exception {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.getOutputStream().write(("POST /v1/plan HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sandbox\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{\"items\":[").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout((int) (3 * RequestDeadlines.RATE_WINDOW_SECONDS * 1000));
            boolean closed;
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                while (in.read(buf) >= 0) {
                    // an answer may come first (the body was cut); the connection's end is what counts
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (SocketException e) {
                closed = true;
            }
            assertThat(closed).as("cut off under the minimum rate, well before the 5-minute body deadline").isTrue();
        }
    }

    @Test
    void requestsOneAfterAnotherOnOneConnectionAreAnswered() throws Exception {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String answer = SlowClientsTest.readAnswer(s.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void pipelinedRequestsAreEachAnswered() throws Exception {
        // Sent back to back before any answer: the headers' clock starts again only once both are answered.
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /v1/nodegroups HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sandbox\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(SlowClientsTest.readAnswer(s.getInputStream())).startsWith("HTTP/1.1 200");
            assertThat(SlowClientsTest.readAnswer(s.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }
}
