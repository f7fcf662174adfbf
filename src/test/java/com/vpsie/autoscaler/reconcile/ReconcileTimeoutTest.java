package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.sandbox.SimulatorFaults;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reconcile answers within autoscaler.reconcile.timeout even when VPSie is slow (a Knative
 * request must end): it stops adding, takes the intents it did not act on back out of status, and
 * the next reconcile adds the rest, none twice.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "1h")
@Property(name = "autoscaler.reconcile.timeout", value = "500ms")
class ReconcileTimeoutTest {
    @Inject
    Reconciler reconciler;
    @Inject
    SandboxWorld world;
    @Inject
    SimulatorFaults faults;
    @Inject
    ClusterPort cluster;
    @Inject
    JsonMapper json;

    @Test
    void aSlowVpsieStopsTheReconcileAtItsTimeAndTheNextOneAddsTheRest() throws Exception {
        com.vpsie.autoscaler.sandbox.StartWorld.load(world, json);
        reconciler.reconcile(List.of("general"), "warm-up: login and sizes");
        world.addPods("web", 6, Resources.of(1000, 512L << 20, 1), Map.of());
        faults.set(new SimulatorFaults.Faults(null, null, null, 150, null, null, null));
        long started = System.nanoTime();

        Decision first = reconciler.reconcile(List.of("general"), "slow").get(0);

        long tookMs = (System.nanoTime() - started) / 1_000_000;
        faults.set(SimulatorFaults.Faults.NONE);
        assertThat(first.error()).contains("autoscaler.reconcile.timeout");
        assertThat(first.added()).isBetween(1, 4);
        assertThat(tookMs).as("answered soon after its 500 ms timeout (each VPSie call takes 150 ms)").isLessThan(2_000);
        assertThat(cluster.read().group("general").orElseThrow().status().provisioningOrEmpty()).hasSize(first.added());

        Decision second = reconciler.reconcile(List.of("general"), "next").get(0);

        assertThat(first.added() + second.added()).isEqualTo(5);
        assertThat(world.stats().get("workersCreated")).isEqualTo(5);
        assertThat(world.stats().get("duplicateAdds")).isZero();
    }
}
