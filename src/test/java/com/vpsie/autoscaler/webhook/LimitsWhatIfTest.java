package com.vpsie.autoscaler.webhook;

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

/** The AutoscalerPolicy's limits in a what-if: under the key autoscalerPolicy, or as an item of a kubectl List. */
@MicronautTest(environments = "sandbox")
class LimitsWhatIfTest {
    @Inject
    @Client("/")
    HttpClient client;

    /** Three busy 2-CPU nodes at $0.0278/h, and four pending 1.5-CPU pods that need four more. */
    private static String world(String policy) {
        String pods = java.util.stream.IntStream.rangeClosed(1, 4).mapToObj(i -> """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-%d","namespace":"default","ownerReferences":[{"kind":"ReplicaSet","name":"w","controller":true}]},
                 "spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"1500m"}}}]},"status":{"phase":"Pending"}}""".formatted(i))
                .collect(java.util.stream.Collectors.joining(","));
        String filler = java.util.stream.IntStream.rangeClosed(1, 3).mapToObj(i -> """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"busy-%d","namespace":"default","ownerReferences":[{"kind":"ReplicaSet","name":"b","controller":true}]},
                 "spec":{"nodeName":"general-000%d","containers":[{"name":"c","resources":{"requests":{"cpu":"1500m"}}}]},"status":{"phase":"Running"}}""".formatted(i, i))
                .collect(java.util.stream.Collectors.joining(","));
        return DisruptionWhatIfTest.world("", filler + "," + pods).replaceFirst("\\{\"clusterId\"", "{" + policy + "\"clusterId\"");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> plan(String world) {
        return call(client.toBlocking(), auth(post("/v1/plan", world))).body();
    }

    @SuppressWarnings("unchecked")
    private static int scaleUp(Map<String, Object> plan) {
        return ((List<Map<String, Object>>) plan.get("nodeGroups")).get(0).get("scaleUp") instanceof Number n ? n.intValue() : -1;
    }

    @Test
    @SuppressWarnings("unchecked")
    void anHourlyLimitStopsTheAddsAndThePodsNameIt() {
        assertThat(scaleUp(plan(world("")))).as("no policy").isEqualTo(4);
        Map<String, Object> limited = plan(world("\"autoscalerPolicy\":{\"apiVersion\":\"autoscaler.vpsie.com/v1alpha1\",\"kind\":\"AutoscalerPolicy\","
                + "\"metadata\":{\"name\":\"default\"},\"spec\":{\"limits\":{\"hourlyPrice\":0.14}}},"));
        assertThat(scaleUp(limited)).as("$0.14/h: three nodes at $0.0278 held, two more").isEqualTo(2);
        assertThat(limited.get("unschedulablePods").toString()).contains("AutoscalerPolicy spec.limits.hourlyPrice $0.1400/h reached");
        assertThat((List<Map<String, Object>>) limited.get("limits")).singleElement().satisfies(l -> {
            assertThat(l.get("limit")).isEqualTo("hourlyPrice");
            assertThat(((Number) l.get("max")).doubleValue()).isEqualTo(0.14);
            assertThat(((Number) l.get("planned")).doubleValue()).as("five nodes at $0.0278/h").isEqualTo(0.139);
        });
    }

    @Test
    void aPolicyThatBreaksARuleAddsNothingAndNamesTheField() {
        Map<String, Object> broken = plan(world("\"autoscalerPolicy\":{\"metadata\":{\"name\":\"default\"},\"spec\":{\"limits\":{\"memory\":\"lots\"}}},"));
        assertThat(scaleUp(broken)).isZero();
        assertThat(broken.get("unschedulablePods").toString()).contains("spec.limits.memory: expected a quantity above 0 and below 2^63 bytes such as 512Gi, got 'lots'");
    }
}
