package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.sandbox.SimulatorFaults;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client logs in again 5 minutes before its token expires, before VPSie has to refuse it:
 * tokens here live 5 minutes and 2 s, so the client's renewal point comes 2 s after login.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.token-lifetime", value = "302s")
class TokenRefreshTest {
    @Inject
    VpsiePort vpsie;
    @Inject
    SimulatorFaults faults;

    @Test
    void theTokenIsRenewedAheadOfExpiryWithoutA401() throws Exception {
        vpsie.clusterNodes("sandbox-cluster");
        faults.resetCounts();
        vpsie.clusterNodes("sandbox-cluster");
        assertThat(faults.callsPerOperation().get("login")).as("still valid: no login").isNull();

        Thread.sleep(2_500);
        vpsie.clusterNodes("sandbox-cluster");

        assertThat(faults.callsPerOperation().get("login")).as("renewed ahead of expiry").isEqualTo(1);
        assertThat(faults.callsPerOperation().get("get cluster")).as("each call sent once: no 401 and retry").isEqualTo(2);
    }
}
