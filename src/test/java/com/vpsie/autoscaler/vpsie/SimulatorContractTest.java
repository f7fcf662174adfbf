package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.port.VpsiePort;
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

    /** A group is deleted with its workers (VPSie may take them with it, so the caller empties it first); a second delete is "already gone". */
    @Test
    void aDeletedGroupIsGoneWithItsWorkersAndASecondDeleteSaysSo() {
        long id = vpsie.createNodeGroup("sandbox-cluster", "doomed", 101);
        VpsiePort.AddedNode added = vpsie.adder("sandbox-cluster", id).add();
        assertThat(vpsie.deleteNodeGroup("sandbox-cluster", id)).isTrue();
        assertThat(vpsie.nodeGroups("sandbox-cluster")).noneSatisfy(g -> assertThat(g.id()).isEqualTo(id));
        assertThat(vpsie.clusterNodes("sandbox-cluster")).noneSatisfy(n -> assertThat(n.identifier()).isEqualTo(added.identifier()));
        assertThat(vpsie.deleteNodeGroup("sandbox-cluster", id)).as("404 and not listed: already gone").isFalse();
    }

    /** VPSie brings out a size after the client cached a datacenter's offers: a group of that size still gets its price. */
    @Test
    void aGroupOfASizeNewSinceTheOffersWereCachedIsPriced() throws IOException {
        String dc = datacenter();
        assertThat(vpsie.offers(dc)).noneSatisfy(o -> assertThat(o.id()).isEqualTo(107));
        com.vpsie.autoscaler.scenario.Scenario start;
        try (java.io.InputStream in = getClass().getResourceAsStream("/sandbox/start-world.json")) {
            start = json.readValue(in.readAllBytes(), com.vpsie.autoscaler.scenario.Scenario.class);
        }
        java.util.List<VpsieWire.Offer> sizes = new java.util.ArrayList<>(start.sizes());
        sizes.add(new VpsieWire.Offer(107, "k8s-16c-32g", 16, 32768, 640, 160.0, 0.2222));
        java.util.List<VpsieWire.NodeGroup> groups = new java.util.ArrayList<>(start.vpsieNodeGroups());
        groups.add(new VpsieWire.NodeGroup(21, "huge", "ng-huge", 107, dc, 16, 32768, 640, 0, "sandbox-cluster", 1));
        world.load(new com.vpsie.autoscaler.scenario.Scenario(start.clusterId(), sizes, groups, start.nodeGroups(),
                start.nodes(), start.pods(), start.daemonSets(), start.podDisruptionBudgets()));
        vpsie.createNodeGroup("sandbox-cluster", "other", 101);  // drops the cached group list, not the cached offers
        assertThat(vpsie.nodeGroups("sandbox-cluster")).filteredOn(g -> g.id() == 21).singleElement()
                .satisfies(g -> assertThat(g.hourlyPrice()).isEqualTo(0.2222));
    }

    @Test
    void addingToAGroupVpsieDoesNotKnowIsRefusedWithoutRetries() {
        int before = world.stats().get("addCalls");
        assertThatThrownBy(() -> vpsie.adder("sandbox-cluster", 999).add())
                .isInstanceOfSatisfying(VpsiePort.VpsieException.class, e -> assertThat(e.failure()).isEqualTo(VpsiePort.Failure.REJECTED));
        assertThat(world.stats().get("addCalls")).isEqualTo(before);
    }
}
