package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With autoscaler.reconcile.interval set, pods get nodes with no webhook at all. */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.reconcile.interval", value = "200ms")
class ScheduledReconcileTest {
    @Inject
    SandboxWorld world;
    @Inject
    JsonMapper json;
    @Inject
    DecisionLog decisions;

    @Test
    void theTimerReconcilesWithoutTriggers() throws Exception {
        com.vpsie.autoscaler.sandbox.StartWorld.load(world, json);
        world.addPods("web", 3, Resources.of(1000, 512L << 20, 1), Map.of());
        long deadline = System.currentTimeMillis() + 5_000;
        // The decision is logged when the reconcile ends, a moment after its adds.
        while ((world.stats().get("addCalls") < 2 || decisions.recent(50).stream().noneMatch(d -> "schedule".equals(d.trigger())))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(world.stats().get("addCalls")).isEqualTo(2);
        assertThat(decisions.recent(50)).anySatisfy(d -> assertThat(d.trigger()).isEqualTo("schedule"));
    }
}
