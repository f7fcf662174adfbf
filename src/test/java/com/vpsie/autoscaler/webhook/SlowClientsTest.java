package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send nothing, half their headers, half a body, or trickle a byte at a time are
 * disconnected once the headers' or the body's deadline passes; nothing waits on them. Before, such
 * connections were seen open after 75 s, and each half-sent what-if held a thread. The deadlines
 * here are short so the test is quick; it only asks that the connection is closed within a bound
 * many times theirs, and that ordinary requests, one after another on one connection, still work.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.http.headers-timeout", value = "300ms")
@Property(name = "autoscaler.http.body-timeout", value = "600ms")
class SlowClientsTest {
    private static final long BOUND_SECONDS = 20;

    @Inject
    EmbeddedServer server;

    private static final String PLAN_HEAD = "POST /v1/plan HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sandbox\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
    private static final String EVENTS_HEAD = "POST /v1/webhooks/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sandbox\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n";

    @ParameterizedTest(name = "sends: {0}")
    @ValueSource(strings = {"", "POST /v1/plan HTTP/1.1\r\nHost: loc", PLAN_HEAD + "{\"items\":[", EVENTS_HEAD + "[{\"reason\":"})
    void aClientThatStopsSendingIsDisconnected(String sent) throws Exception {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(closedWithin(s, BOUND_SECONDS)).as("closed by the server").isTrue();
        }
    }

    @Test
    void aClientTricklingItsHeadersIsDisconnected() throws Exception {
        byte[] head = PLAN_HEAD.getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            OutputStream out = s.getOutputStream();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            boolean closed = false;
            for (int i = 0; i < head.length - 1 && System.nanoTime() < until && !closed; i++) {
                try {
                    out.write(head[i]);
                    out.flush();
                } catch (SocketException e) {
                    closed = true;
                    break;
                }
                closed = closedWithin(s, 0.1);
            }
            assertThat(closed || closedWithin(s, BOUND_SECONDS)).as("a byte every 100 ms does not keep it open").isTrue();
        }
    }

    @ParameterizedTest(name = "after {0}")
    @ValueSource(strings = {"GET /health", "GET /nope", "GET /v1/nodegroups"})
    void aConnectionIdleAfterItsAnswerIsDisconnected(String request) throws Exception {
        // Before, an answer made before the request's end was read (a 401, a 404, a health check) left it open for 300 s.
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.getOutputStream().write((request + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            readAnswer(s.getInputStream());
            assertThat(closedWithin(s, BOUND_SECONDS)).as("closed by the server").isTrue();
        }
    }

    /** Whether the server closes the connection within the time: the read ends (-1) or is reset. */
    private static boolean closedWithin(Socket s, double seconds) throws IOException {
        s.setSoTimeout((int) Math.max(1, seconds * 1000));
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** One answer with a Content-Length, read whole. */
    static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return head.toString();
    }
}
