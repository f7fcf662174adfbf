package com.vpsie.autoscaler.health;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness is DOWN, and says why, until the Kubernetes API and VPSie have each answered once. */
class FirstContactTest {

    @Test
    void readinessIsDownNamingTheUnreachableApiThenUpOnceBothAnswered() throws Exception {
        Map<String, Object> props = Map.of("autoscaler.readiness.first-contact", "true", "micronaut.server.port", -1,
                "autoscaler.auth.tokens", "t", "autoscaler.cluster", "kubernetes", "kubernetes.client.base-path", "http://127.0.0.1:1",
                "vpsie.token", "x", "vpsie.base-url", "http://127.0.0.1:1", "vpsie.retry-attempts", 1);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
             HttpClient http = HttpClient.create(server.getURL())) {
            Thread.sleep(500);
            HttpClientResponseException down = org.assertj.core.api.Assertions.catchThrowableOfType(HttpClientResponseException.class,
                    () -> http.toBlocking().exchange(HttpRequest.GET("/health/readiness"), String.class));
            assertThat(down.getStatus().getCode()).isEqualTo(503);
            String why = org.assertj.core.api.Assertions.catchThrowableOfType(HttpClientResponseException.class,
                    () -> http.toBlocking().exchange(HttpRequest.GET("/health"), String.class)).getResponse().getBody(String.class).orElse("");
            assertThat(why).as("/health says why").contains("firstContact", "never reached yet", "never answered yet");
            String body = http.toBlocking().exchange(HttpRequest.GET("/health/liveness"), String.class).body();
            assertThat(body).as("liveness stays up").contains("UP");
        }
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of("autoscaler.readiness.first-contact", "true",
                "micronaut.server.port", -1), "sandbox");
             HttpClient http = HttpClient.create(server.getURL())) {
            long deadline = System.currentTimeMillis() + 10_000;
            int status = 0;
            while (System.currentTimeMillis() < deadline && status != 200) {
                try {
                    status = http.toBlocking().exchange(HttpRequest.GET("/health/readiness"), String.class).code();
                } catch (HttpClientResponseException e) {
                    status = e.getStatus().getCode();
                    Thread.sleep(200);
                }
            }
            assertThat(status).as("the sandbox's cluster and VPSie simulator answer: ready").isEqualTo(200);
        }
    }
}
