package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.Reconciler;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.cluster.KubeWorld.node;
import static com.vpsie.autoscaler.cluster.KubeWorld.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code autoscaler.dry-run=true} on a real cluster: plans, Events and status; no VPSie calls, no node changes. */
@MicronautTest(environments = "sandbox")
@Property(name = "autoscaler.cluster", value = "kubernetes")
@Property(name = "autoscaler.kubernetes.namespace", value = KubeWorld.NS)
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.dry-run", value = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DryRunTest implements TestPropertyProvider {
    private static final KubeMock MOCK = KubeMockHolder.start();

    @Inject
    Reconciler reconciler;
    @Inject
    KubernetesCluster cluster;
    @Inject
    SandboxWorld vpsieWorld;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("kubernetes.client.base-path", MOCK.url());
    }

    @AfterAll
    void stop() {
        MOCK.close();
    }

    @Test
    void plansWritesStatusAndEventsButAsksNothingOfVpsieAndTouchesNoNode() throws Exception {
        com.vpsie.autoscaler.sandbox.StartWorld.load(vpsieWorld, json);
        MOCK.create(KubeWorld.nodeGroup("general", 1, 5, ""));
        MOCK.create(node("general-0001", "\"autoscaler.vpsie.com/nodegroup\":\"general\"", "", false));
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "1500m"));
        MOCK.create(pod("default", "job-0", null, "Pending", "ReplicaSet", "1"));
        MOCK.create(pod("default", "job-1", null, "Pending", "ReplicaSet", "1"));

        List<Decision> d = reconciler.reconcile(List.of("general"), "test");

        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.action()).isEqualTo(Decision.Action.DRY_RUN);
            assertThat(x.toNodes()).isEqualTo(3);
            assertThat(x.reasons()).anySatisfy(r -> assertThat(r).contains("would add 2"));
        });
        assertThat(vpsieWorld.stats().get("addCalls")).isZero();
        NodeGroup.Status st = cluster.read().group("general").orElseThrow().status();
        assertThat(st.desiredNodes()).isEqualTo(3);
        assertThat(st.provisioningOrEmpty()).as("nothing was asked for, so nothing is in flight").isEmpty();
        assertThat(MOCK.client.genericKubernetesResources("v1", "Event").inNamespace(KubeWorld.NS).list().getItems())
                .anySatisfy(e -> assertThat(e.getAdditionalProperties().get("reason")).isEqualTo("ScaleUpDryRun"));
        assertThat(MOCK.requests).filteredOn(r -> !r.userAgent().contains("fabric8"))
                .noneMatch(r -> r.path().startsWith("/api/v1/nodes") && !r.method().equals("GET"));
        assertThat(MOCK.seen("POST", "/eviction")).isEmpty();
    }
}
