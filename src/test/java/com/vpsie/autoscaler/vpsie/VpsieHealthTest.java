package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.sandbox.SimulatorFaults;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Health and metrics tell what the client last saw of VPSie, without calling it; an endpoint's
 * breaker opens on server errors only and is visible; Retry-After is honoured.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "vpsie.retry-base-delay", value = "5ms")
@Property(name = "vpsie.retry-attempts", value = "3")
@Property(name = "vpsie.breaker-threshold", value = "3")
@Property(name = "vpsie.breaker-open-for", value = "300ms")
@Property(name = "vpsie.groups-ttl", value = "0s")
class VpsieHealthTest {
    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    VpsiePort vpsie;
    @Inject
    SimulatorFaults faults;

    @AfterEach
    void clear() {
        faults.set(SimulatorFaults.Faults.NONE);
    }

    @Test
    void anOpenBreakerShowsInHealthAndMetricsAndProbesNeverCallVpsie() throws Exception {
        vpsie.nodeGroups("sandbox-cluster");
        assertThat(vpsieHealth().get("status")).isEqualTo("UP");

        faults.set(new SimulatorFaults.Faults(1.0, null, null, null, null, null, null));
        assertThatThrownBy(() -> vpsie.nodeGroups("sandbox-cluster")).isInstanceOfSatisfying(VpsiePort.VpsieException.class,
                e -> assertThat(e.getMessage()).contains("HTTP 5").contains("gave up after 3 attempts"));
        int callsBefore = faults.callsPerOperation().get("list node groups");
        assertThatThrownBy(() -> vpsie.nodeGroups("sandbox-cluster")).isInstanceOfSatisfying(VpsiePort.VpsieException.class,
                e -> assertThat(e.failure()).isEqualTo(VpsiePort.Failure.CIRCUIT_OPEN));
        assertThat(faults.callsPerOperation().get("list node groups")).as("an open breaker sends nothing").isEqualTo(callsBefore);

        HttpResponse<Map> readiness = http.toBlocking().exchange(HttpRequest.GET("/health/readiness"), Map.class);
        assertThat(readiness.code()).as("degraded, still ready: a VPSie outage must not restart or unlist the function").isEqualTo(200);
        Map<String, Object> v = vpsieHealth();
        assertThat(v.get("status")).isEqualTo("DEGRADED");
        assertThat((Map<String, Object>) v.get("details")).containsEntry("reachable", false)
                .extractingByKey("breakers").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("list node groups", "OPEN");
        String metrics = http.toBlocking().retrieve(HttpRequest.GET("/prometheus"));
        assertThat(metrics).containsPattern("vpsie_autoscaler_vpsie_breaker_state\\{operation=\"list node groups\",?\\} 2\\.0")
                .containsPattern("vpsie_autoscaler_vpsie_requests_total\\{operation=\"list node groups\",outcome=\"server_error\",?\\} [1-9]")
                .contains("vpsie_autoscaler_vpsie_request_seconds_bucket");
        assertThat(faults.callsPerOperation().get("list node groups")).as("health and metrics never call VPSie").isEqualTo(callsBefore);

        faults.set(SimulatorFaults.Faults.NONE);
        Thread.sleep(350);
        vpsie.nodeGroups("sandbox-cluster");
        assertThat(vpsieHealth().get("status")).as("the probe succeeded and closed it").isEqualTo("UP");
    }

    @Test
    void aRateLimitedCallWaitsWhatRetryAfterSaysThenSucceeds() {
        vpsie.nodeGroups("sandbox-cluster");
        faults.resetCounts();
        faults.set(new SimulatorFaults.Faults(null, null, 2, null, null, null, 1));
        vpsie.clusterNodes("sandbox-cluster");
        long started = System.nanoTime();
        vpsie.clusterNodes("sandbox-cluster");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(faults.callsPerOperation().get("get cluster")).isEqualTo(3);
    }

    private Map<String, Object> vpsieHealth() {
        Map<String, Object> health = http.toBlocking().retrieve(HttpRequest.GET("/health"), Argument.mapOf(String.class, Object.class));
        return (Map<String, Object>) ((Map<String, Object>) health.get("details")).get("vpsie");
    }
}
