package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.port.VpsiePort;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read-only half of the VPSie contract (docs/vpsie-api.md), as the client sees it. Run against the
 * simulator always, and against the real API when credentials are in the environment: what passes
 * here against both is what the simulator may be trusted for.
 */
abstract class VpsieContract {
    abstract VpsiePort vpsie();

    @Test
    void clustersHaveIdentifiersAndNames() {
        List<VpsiePort.VpsieCluster> clusters = vpsie().clusters();
        assertThat(clusters).isNotEmpty().allSatisfy(c -> {
            assertThat(c.identifier()).isNotBlank();
            assertThat(c.name()).isNotBlank();
        });
    }

    @Test
    void nodeGroupsOfEachClusterNameTheirSizeAndCount() {
        // A cluster may have no group yet; the account has some (datacenter() below relies on it too).
        List<VpsiePort.VpsieGroup> groups = vpsie().clusters().stream().flatMap(c -> vpsie().nodeGroups(c.identifier()).stream()).toList();
        assertThat(groups).isNotEmpty().allSatisfy(g -> {
            assertThat(g.id()).isPositive();
            assertThat(g.cpu()).as("cpu of group %s", g.name()).isPositive();
            assertThat(g.ramMb()).as("ram of group %s", g.name()).isPositive();
            assertThat(g.nodesCount()).isNotNegative();
            assertThat(g.hourlyPrice()).isNotNegative();
        });
    }

    @Test
    void clusterNodesHaveIdentifiersAndHostnames() {
        // Every cluster lists its masters at least; taken together, so a cluster being created does not fail the contract.
        List<VpsiePort.VpsieNode> nodes = vpsie().clusters().stream().flatMap(c -> vpsie().clusterNodes(c.identifier()).stream()).toList();
        assertThat(nodes).isNotEmpty().allSatisfy(n -> {
            assertThat(n.identifier()).isNotBlank();
            assertThat(n.hostname()).isNotBlank();
        });
    }

    @Test
    void offersOfADatacenterHaveSizesAndPrices() {
        List<VpsiePort.VpsieSize> sizes = vpsie().offers(datacenter());
        assertThat(sizes).isNotEmpty().allSatisfy(s -> {
            assertThat(s.id()).isPositive();
            assertThat(s.cpu()).isPositive();
            assertThat(s.ramMb()).isPositive();
            assertThat(s.hourlyPrice()).isNotNegative();
        });
        assertThat(vpsie().offers(datacenter())).as("served from the cache the second time").isEqualTo(sizes);
    }

    @Test
    void anUnknownClusterIsAPreciseRefusalNotARetryStorm() {
        assertThatThrownBy(() -> vpsie().nodeGroups("no-such-cluster-" + System.nanoTime()))
                .isInstanceOfSatisfying(VpsiePort.VpsieException.class, e -> {
                    assertThat(e.failure()).isEqualTo(VpsiePort.Failure.REJECTED);
                    assertThat(e.getMessage()).startsWith("VPSie list node groups failed");
                });
    }

    /** A datacenter the account has node groups in. */
    String datacenter() {
        return vpsie().clusters().stream().flatMap(c -> vpsie().nodeGroups(c.identifier()).stream())
                .map(VpsiePort.VpsieGroup::datacenter).filter(dc -> dc != null && !dc.isBlank()).findFirst()
                .orElseThrow(() -> new org.opentest4j.TestAbortedException("the account has no node group with a datacenter"));
    }
}
