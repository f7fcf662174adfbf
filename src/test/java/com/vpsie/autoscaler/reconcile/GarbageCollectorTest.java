package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.cluster.AgainstKubeMock;
import com.vpsie.autoscaler.cluster.KubeMock;
import com.vpsie.autoscaler.cluster.KubeWorld;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.sandbox.SandboxWorker;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.cluster.KubeWorld.NS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garbage collection makes a group's three records agree (VPSie's workers, the NodeGroup's status,
 * the Kubernetes Nodes), against the API server stand-in with the sandbox's VPSie simulator.
 */
@AgainstKubeMock
class GarbageCollectorTest implements TestPropertyProvider {
    private static final KubeWorld KUBE = new KubeWorld();
    private static final KubeMock MOCK = KUBE.mock;

    @Inject
    ClusterPort cluster;
    @Inject
    VpsiePort vpsie;
    @Inject
    GroupStatus status;
    @Inject
    ReconcileConfig reconcileConfig;
    @Inject
    Clock clock;
    @Inject
    SandboxWorld vpsieWorld;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return KUBE.properties();
    }

    @BeforeEach
    void freshWorld() {
        KUBE.fresh(vpsieWorld, json);
    }

    @AfterAll
    void stop() {
        KUBE.close();
    }

    @Test
    void garbageCollectionReportsWorkersNoRecordClaimsAndDeletesNodesWhoseWorkerIsGone() {
        // VPSie has a worker no record of ours names (added by hand, or by another tool) ...
        SandboxWorker foreign = vpsieWorld.addWorker(11).orElseThrow();
        // ... and the group has a NotReady node whose VPSie worker no longer exists.
        MOCK.create("""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"general-0042","labels":{"kubernetes.io/hostname":"general-0042",
                  "autoscaler.vpsie.com/nodegroup":"general"}},"spec":{},
                 "status":{"allocatable":{"cpu":"1900m","memory":"3840Mi","pods":"110"},"conditions":[{"type":"Ready","status":"Unknown"}]}}""");
        GarbageCollector gc = new GarbageCollector(cluster, vpsie, status, reconcileConfig, new UnattributedWorkers(new SimpleMeterRegistry()),
                clock);

        List<String> reasons = gc.collect(cluster.read().group("general").orElseThrow(), cluster.read());

        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("deleted node general-0042"));
        assertThat(cluster.read().group("general").orElseThrow().status().provisioningOrEmpty()).as("not taken in: it is not provably ours").isEmpty();
        assertThat(gc.unattributed("sandbox-cluster")).singleElement().satisfies(w -> assertThat(w.identifier()).isEqualTo(foreign.identifier()));
        assertThat(vpsieWorld.stats().get("removeCalls")).as("never removed").isZero();
        assertThat(MOCK.client.nodes().withName("general-0042").get()).isNull();
        assertThat(MOCK.client.nodes().withName("general-0001").get()).as("a Ready node with its worker stays").isNotNull();
        assertThat(KUBE.events(NS)).anySatisfy(e -> assertThat(e.get("reason").toString()).isEqualTo("DeletedNodeGone"))
                .anySatisfy(e -> assertThat(e.get("reason").toString()).isEqualTo("UnattributedWorker"));
    }

    /** Every request the collection made is one the Helm chart's RBAC grants (KubernetesAdapterTest checks that every grant is used). */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyRequestTheCollectionMadeIsGrantedByTheChartsRbac() {
        KUBE.assertEveryRequestGranted();
    }
}
