package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.reconcile.VpsiePort;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The VPSie contract against the simulator, plus the calls that change things (never run against the real API). */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "1h")
class SimulatorContractTest extends VpsieContract {
    @Inject
    VpsiePort vpsie;
    @Inject
    SandboxWorld world;
    @Inject
    JsonMapper json;

    @Override
    VpsiePort vpsie() {
        return vpsie;
    }


    @BeforeEach
    void startWorld() throws IOException {
        com.vpsie.autoscaler.sandbox.StartWorld.load(world, json);
    }

    @Test
    void anAddedWorkerIsListedAndRemovingItTwiceIsFine() {
        VpsiePort.AddedNode added = vpsie.adder("sandbox-cluster", 11).add();
        assertThat(added.identifier()).isNotBlank();
        // VPSie answers the add with `true`; the adder finds the worker as the one newly listed.
        assertThat(vpsie.clusterNodes("sandbox-cluster")).anySatisfy(n -> {
            assertThat(n.identifier()).isEqualTo(added.identifier());
            assertThat(n.hostname()).isEqualTo(added.hostname());
            assertThat(n.status()).isEqualTo("creating");
            assertThat(n.master()).isFalse();
        });
        assertThat(vpsie.clusterNodes("sandbox-cluster")).filteredOn(VpsiePort.VpsieNode::master).hasSize(1);
        assertThat(vpsie.nodeGroups("sandbox-cluster")).singleElement().satisfies(g -> assertThat(g.nodesCount()).isEqualTo(2));

        assertThat(vpsie.removeNode("sandbox-cluster", added.identifier())).as("removed").isTrue();
        assertThat(vpsie.removeNode("sandbox-cluster", added.identifier())).as("404: already gone").isFalse();
        assertThat(vpsie.clusterNodes("sandbox-cluster")).noneSatisfy(n -> assertThat(n.identifier()).isEqualTo(added.identifier()));
    }

    @Test
    void aCreatedGroupTakesWorkers() {
        long id = vpsie.createNodeGroup("sandbox-cluster", "big", 102);
        assertThat(vpsie.nodeGroups("sandbox-cluster")).anySatisfy(g -> {
            assertThat(g.id()).isEqualTo(id);
            assertThat(g.name()).isEqualTo("big");
            assertThat(g.cpu()).isEqualTo(4);
        });
        vpsie.adder("sandbox-cluster", id).add();
        assertThat(vpsie.nodeGroups("sandbox-cluster")).filteredOn(g -> g.id() == id).singleElement()
                .satisfies(g -> assertThat(g.nodesCount()).isEqualTo(1));
    }

    @Test
    void addingToAGroupVpsieDoesNotKnowIsRefusedWithoutRetries() {
        int before = world.stats().get("addCalls");
        assertThatThrownBy(() -> vpsie.adder("sandbox-cluster", 999).add())
                .isInstanceOfSatisfying(VpsiePort.VpsieException.class, e -> assertThat(e.failure()).isEqualTo(VpsiePort.Failure.REJECTED));
        assertThat(world.stats().get("addCalls")).isEqualTo(before);
    }
}
