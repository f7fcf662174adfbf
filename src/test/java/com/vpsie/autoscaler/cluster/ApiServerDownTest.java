package com.vpsie.autoscaler.cluster;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** An unreachable API server is a 503 the sender may retry, naming what failed; not a 500. */
@MicronautTest(environments = "sandbox")
@Property(name = "autoscaler.cluster", value = "kubernetes")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "kubernetes.client.base-path", value = "http://127.0.0.1:1")
class ApiServerDownTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void aTriggerWhileTheApiServerIsDownAnswers503() {
        HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class, () -> client.toBlocking()
                .exchange(HttpRequest.POST("/v1/reconcile", "").bearerAuth("sandbox"), String.class));
        assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.getCode());
        assertThat((CharSequence) e.getResponse().getBody(String.class).orElse("")).contains("Kubernetes API: list /apis/autoscaler.vpsie.com");
    }
}
