package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static com.vpsie.autoscaler.webhook.SandboxHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook is answered within autoscaler.webhooks.answer-within whatever the reconcile does: with
 * every VPSie call taking 4 s, the answer names the group still reconciling instead of holding
 * the sender (before, one of a storm's webhooks waited over 30 s while the first caller ran the
 * folded follow-ups). Nothing here counts on the machine's speed: the reconcile cannot end within
 * the answer's second, whatever the machine.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.webhooks.answer-within", value = "1s")
class WebhookAnswerTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Test
    @SuppressWarnings("unchecked")
    void aSlowReconcileDoesNotHoldTheSender() {
        BlockingHttpClient http = client.toBlocking();
        call(http, auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", SandboxHttp.startWorld()))));
        call(http, auth(post("/sandbox/pods", "{\"name\":\"web\",\"replicas\":3,\"cpu\":\"1\",\"memory\":\"512Mi\"}")));
        http.exchange(auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/vpsie/faults", "{\"latencyMs\":4000}"))), String.class);
        try {
            Map<String, Object> answer = call(http, auth(post("/v1/webhooks/alertmanager", SandboxHttp.fixture("alertmanager-firing-two-alerts.json")))).body();
            assertThat((List<String>) answer.get("triggered")).contains("general");
            assertThat((List<String>) answer.get("stillReconciling")).as("%s", answer).containsExactly("general");
            assertThat((List<Object>) answer.get("decisions")).isEmpty();
        } finally {
            http.exchange(auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/vpsie/faults", "{}"))), String.class);
        }
    }
}
