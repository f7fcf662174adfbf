package com.vpsie.autoscaler;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bean the Deployment has made by the time it is ready is declared, with why it must exist
 * then, in src/test/resources/startup-beans.txt. A new one fails here: declare it there with its
 * reason, or make it lazy, or put it behind the {@code @Requires} of the route, mode or runtime that
 * uses it. One the function no longer makes fails too, so the list says what start-up costs.
 * The start is the shipped one in the sandbox (no test environment): server started, then
 * readiness UP, which comes after the first Kubernetes read and VPSie login.
 */
class StartupBeansTest {
    private static final Path DECLARED = Path.of("src/test/resources/startup-beans.txt");

    @Test
    void everyBeanMadeByTheTimeTheFunctionIsReadyIsDeclared() throws Exception {
        Set<String> made;
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).environments("sandbox")
                .properties(Map.of("micronaut.server.port", -1, "sandbox.export-events", false)).start()) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            awaitReady(server);
            made = context.getActiveBeanRegistrations(Object.class).stream().map(StartupBeansTest::name)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> declared = declared();

        Set<String> undeclared = new TreeSet<>(made);
        undeclared.removeAll(declared);
        Set<String> gone = new TreeSet<>(declared);
        gone.removeAll(made);
        assertThat(undeclared).as("beans made at start that %s does not declare (say why they are needed then, "
                + "or make them lazy or @Requires what uses them)", DECLARED).isEmpty();
        assertThat(gone).as("beans %s declares that start-up no longer makes (remove them)", DECLARED).isEmpty();
    }

    /** The bean's type; a framework-generated listener adapter counts as the bean it calls. */
    private static String name(BeanRegistration<?> r) {
        String type = r.getBeanDefinition().getBeanType().getName();
        int adapter = type.indexOf("$ApplicationEventListener$");
        return adapter < 0 ? type : type.substring(0, adapter) + " (event listener)";
    }

    private static Set<String> declared() throws IOException {
        return Files.readAllLines(DECLARED).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toCollection(TreeSet::new));
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
