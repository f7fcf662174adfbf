package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With autoscaler.auth.open-heartbeat (the Knative overlay), only POST /v1/reconcile goes without a token. */
@MicronautTest(environments = "sandbox")
@Property(name = "autoscaler.auth.open-heartbeat", value = "true")
@Property(name = "sandbox.export-events", value = "false")
class OpenHeartbeatTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void theHeartbeatIsOpenAndNothingElse() {
        BlockingHttpClient http = client.toBlocking();
        // As Knative's PingSource sends it: a CloudEvent in binary mode, no Authorization header.
        assertThat(http.exchange(HttpRequest.POST("/v1/reconcile", "{\"reason\":\"heartbeat\"}").contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-type", "dev.knative.sources.ping")
                .header("ce-source", "/apis/v1/namespaces/vpsie-autoscaler/pingsources/vpsie-autoscaler-heartbeat")
                .header("ce-id", "1"), String.class).code()).isEqualTo(200);
        SandboxHttp.problem(http, HttpRequest.GET("/v1/reconcile"), 401);
        SandboxHttp.problem(http, SandboxHttp.post("/v1/scale", "{\"nodeGroup\":\"general\",\"delta\":1}"), 401);
        SandboxHttp.problem(http, SandboxHttp.post("/v1/webhooks/alertmanager", "{}"), 401);
        SandboxHttp.problem(http, HttpRequest.GET("/v1/nodegroups"), 401);
    }
}
