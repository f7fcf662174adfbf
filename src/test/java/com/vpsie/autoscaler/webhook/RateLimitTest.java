package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One token's mutating requests are bounded (429 with Retry-After); reads and other tokens go on. */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.auth.tokens", value = "sandbox,other")
@Property(name = "autoscaler.auth.mutations-per-minute", value = "5")
class RateLimitTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void oversizedHeadersAre431AsProblemJson() {
        HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(auth(HttpRequest.GET("/v1/nodegroups")).header("X-Big", "a".repeat(20_000)), String.class));
        assertThat(e.getStatus().getCode()).isEqualTo(431);
        assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
    }

    @Test
    void theSixthMutationOfAMinuteIsTooManyAndSaysWhenToRetry() {
        BlockingHttpClient http = client.toBlocking();
        for (int i = 0; i < 5; i++) {
            assertThat(http.exchange(auth(HttpRequest.POST("/v1/reconcile", "")), String.class).code()).isEqualTo(200);
        }
        HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.exchange(auth(HttpRequest.POST("/v1/reconcile", "")), String.class));
        assertThat(e.getStatus().getCode()).isEqualTo(429);
        assertThat(e.getResponse().getHeaders().get("Retry-After")).isNotNull().satisfies(s -> assertThat(Integer.parseInt(s)).isBetween(1, 60));
        assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");

        assertThat(http.exchange(auth(HttpRequest.GET("/v1/nodegroups")), String.class).code()).as("reads go on").isEqualTo(200);
        assertThat(http.exchange(HttpRequest.POST("/v1/reconcile", "").bearerAuth("other"), String.class).code())
                .as("another token has its own budget").isEqualTo(200);
    }
}
