package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;
import com.vpsie.autoscaler.sandbox.InProcessLeases;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica that loses its group's Lease in the middle of a scale-up (VPSie was slow, the Lease
 * ran out, another replica took it) stops asking VPSie, and takes the intents it did not act on back
 * out of status, so the new holder plans from what was really asked for.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "test.lease", value = "stolen-after-two-adds")
class LostLeaseTest {
    @Inject
    Reconciler reconciler;
    @Inject
    SandboxWorld world;
    @Inject
    ClusterPort cluster;
    @Inject
    JsonMapper json;
    @Inject
    StolenLease lease;

    /** Held for the reconcile's start and the first renewal; then another replica has it. */
    @Singleton
    @Replaces(InProcessLeases.class)
    @Requires(property = "test.lease", value = "stolen-after-two-adds")
    static class StolenLease implements GroupLease {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public LockAnswer acquire(String group) {
            if (group.startsWith("adds-")) {
                return LockAnswer.ACQUIRED; // the VPSie cluster's add lock: not the Lease this test takes away
            }
            return asked.incrementAndGet() <= 2 ? LockAnswer.ACQUIRED : LockAnswer.heldBy("replica-x");
        }

        @Override
        public void release(String group) {
        }
    }

    @Test
    void aReplicaThatLosesTheLeaseMidScaleUpStopsAddingAndTakesTheRestBack() throws Exception {
        com.vpsie.autoscaler.sandbox.StartWorld.load(world, json);
        // Ten 1-CPU pods: the plan wants nine new 2-CPU nodes.
        world.addPods("web", 10, Resources.of(1000, 512L << 20, 1), Map.of());

        Decision d = reconciler.reconcile(List.of("general"), "test").get(0);

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.SCALED_UP);
        assertThat(d.added()).isEqualTo(2);
        assertThat(d.error()).contains("lost the Lease of general to replica-x");
        assertThat(world.stats().get("addCalls")).isEqualTo(2);
        NodeGroup.Status st = cluster.read().group("general").orElseThrow().status();
        assertThat(st.provisioningOrEmpty()).hasSize(2).allSatisfy(p -> assertThat(p.hostname()).isNotNull());
        assertThat(st.desiredNodes()).isEqualTo(3);
    }
}
