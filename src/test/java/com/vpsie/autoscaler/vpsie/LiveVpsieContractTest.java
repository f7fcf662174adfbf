package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.port.VpsiePort;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.Map;

/**
 * The same read-only contract against the real VPSie API, when VPSIE_CLIENT_ID and
 * VPSIE_CLIENT_SECRET are set (VPSIE_BASE_URL optional). Lists clusters, groups and offers only.
 */
@EnabledIfEnvironmentVariable(named = "VPSIE_CLIENT_ID", matches = ".+", disabledReason = "runs against a real VPSie account: set VPSIE_CLIENT_ID and VPSIE_CLIENT_SECRET")
@EnabledIfEnvironmentVariable(named = "VPSIE_CLIENT_SECRET", matches = ".+", disabledReason = "runs against a real VPSie account: set VPSIE_CLIENT_ID and VPSIE_CLIENT_SECRET")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveVpsieContractTest extends VpsieContract {
    private ApplicationContext context;
    private VpsiePort vpsie;

    @BeforeAll
    void connect() {
        context = ApplicationContext.run(Map.of(
                "vpsie.client-id", System.getenv("VPSIE_CLIENT_ID"),
                "vpsie.client-secret", System.getenv("VPSIE_CLIENT_SECRET")));
        vpsie = context.getBean(VpsiePort.class);
    }

    @AfterAll
    void close() {
        if (context != null) {
            context.close();
        }
    }

    @Override
    VpsiePort vpsie() {
        return vpsie;
    }

}
