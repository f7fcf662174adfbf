package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /v1/plan keeps every pod's labels until the plan, so a body of unique giant labels within
 * the size limit once filled the heap and stopped the function. Now it is refused with 413 once
 * what it would keep passes its share of the heap, and the function goes on answering.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.plan.max-kept-share", value = "0.0001")
class PlanKeptShareTest {
    @Inject
    EmbeddedServer server;

    private HttpResponse<String> post(String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/plan")).header("Authorization", "Bearer sandbox")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static String pods(int n, int labelLength) {
        StringBuilder b = new StringBuilder("{\"kind\":\"List\",\"items\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p").append(i)
                    .append("\",\"namespace\":\"default\",\"labels\":{\"big\":\"").append(String.valueOf((char) ('a' + i % 26)).repeat(labelLength))
                    .append("\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]},")
                    .append("\"status\":{\"phase\":\"Pending\"}}");
        }
        return b.append("]}").toString();
    }

    @Test
    void aBodyThatWouldKeepMoreThanItsShareOfTheHeapIsRefusedAndTheFunctionGoesOn() throws Exception {
        long limit = (long) (0.0001 * Runtime.getRuntime().maxMemory());
        int pods = (int) (limit / 100_000) + 20;  // pods of 100 KB labels: 2 MB past a ten-thousandth of the heap
        HttpResponse<String> refused = post(pods(pods, 100_000));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.body()).contains("autoscaler.plan.max-kept-share").contains("\"field\":\"body\"");

        HttpResponse<String> small = post(pods(1, 10));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        assertThat(small.body()).contains("\"scaleUp\":1,");
    }
}
