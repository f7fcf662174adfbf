package com.vpsie.autoscaler;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Every bean the Deployment has made by the time it is ready is declared, with why it must exist
 * then, in src/test/resources/startup-beans.txt ({@link StartupBeans}). A new one fails here: declare it there with its
 * reason, or make it lazy, or put it behind the {@code @Requires} of the route, mode or runtime that
 * uses it. One the function no longer makes fails too, so the list says what start-up costs.
 * The start is the shipped one in the sandbox (no test environment): server started, then
 * readiness UP, which comes after the first Kubernetes read and VPSie login.
 */
class StartupBeansTest {
    private static final Path DECLARED = Path.of("src/test/resources/startup-beans.txt");

    @Test
    void everyBeanMadeByTheTimeTheFunctionIsReadyIsDeclared() throws Exception {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).environments("sandbox")
                .properties(Map.of("micronaut.server.port", -1, "sandbox.export-events", false)).start()) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            awaitReady(server);
            StartupBeans.assertDeclared(context, DECLARED);
        }
    }

    private static void awaitReady(EmbeddedServer server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(server.getURL() + "/health/readiness")).build();
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        int status = 0;
        while (Instant.now().isBefore(until)) {
            status = http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("readiness not UP within 60 s (last answer " + status + ")");
    }
}
