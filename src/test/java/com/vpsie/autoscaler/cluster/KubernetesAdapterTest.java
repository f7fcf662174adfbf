package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.reconcile.ClusterPort;
import com.vpsie.autoscaler.reconcile.ClusterView;
import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.Drainer;
import com.vpsie.autoscaler.reconcile.GroupStatus;
import com.vpsie.autoscaler.reconcile.NodeGroup;
import com.vpsie.autoscaler.reconcile.Reconciler;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.scenario.Scenario;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes adapter and the reconcile steps that use it, against fabric8's API server mock in
 * CRUD mode over real HTTP, with the VPSie simulator of the sandbox behind the VPSie client.
 */
@MicronautTest(environments = "sandbox", rebuildContext = false)
@Property(name = "autoscaler.cluster", value = "kubernetes")
@Property(name = "autoscaler.kubernetes.namespace", value = KubernetesAdapterTest.NS)
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "autoscaler.drain.eviction-retry-interval", value = "100ms")
@Property(name = "autoscaler.drain.max-graceful-termination", value = "1s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesAdapterTest implements TestPropertyProvider {
    static final String NS = "vpsie-autoscaler";
    private static final KubeMock MOCK = start();

    @Inject
    KubernetesCluster cluster;
    @Inject
    Reconciler reconciler;
    @Inject
    GroupStatus status;
    @Inject
    Drainer drainer;
    @Inject
    SandboxWorld vpsieWorld;
    @Inject
    JsonMapper json;

    private static KubeMock start() {
        try {
            return new KubeMock();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of("kubernetes.client.base-path", MOCK.url());
    }

    @AfterAll
    void stop() {
        MOCK.close();
    }

    @BeforeEach
    void freshWorld() throws Exception {
        MOCK.reset();
        try (InputStream in = getClass().getResourceAsStream("/sandbox/start-world.json")) {
            vpsieWorld.load(json.readValue(in.readAllBytes(), Scenario.class));
        }
        MOCK.create(nodeGroup("general", 1, 5, ""));
        MOCK.create(node("general-0001", "\"autoscaler.vpsie.com/nodegroup\":\"general\",\"node.vpsie.com/pool\":\"general\"", "", false));
    }

    @Test
    void snapshotListsManagedNodesPendingPodsAndPodsOnManagedNodesOnly() {
        MOCK.create(node("control-1", "\"node-role.kubernetes.io/control-plane\":\"\"", "", false));
        MOCK.create(pod("default", "waiting", null, "Pending", "ReplicaSet", "500m"));
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "500m"));
        MOCK.create(pod("default", "done", "general-0001", "Succeeded", "Job", "500m"));
        MOCK.create(pod("kube-system", "etcd", "control-1", "Running", "Node", "100m"));
        MOCK.create("""
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web","namespace":"default"},
                 "spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}}""");
        MOCK.create("""
                {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"logs","namespace":"kube-system"},
                 "spec":{"selector":{"matchLabels":{"app":"logs"}},"template":{"metadata":{"labels":{"app":"logs"}},
                  "spec":{"containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":"100m"}}}]}}}}""");

        ClusterView view = cluster.read();

        assertThat(view.nodes()).extracting(Node::name).containsExactly("general-0001");
        assertThat(view.pods()).extracting(Pod::key).containsExactlyInAnyOrder("default/waiting", "default/web");
        assertThat(view.nodeGroups()).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("general");
            assertThat(g.resourceVersion()).isNotBlank();
            assertThat(g.spec().max()).isEqualTo(5);
        });
        assertThat(view.pdbs()).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo("web"));
        assertThat(view.daemonSets()).singleElement().satisfies(d -> assertThat(d.name()).isEqualTo("logs"));
        // The selectors a real API server filters by are sent, though the mock ignores them.
        assertThat(MOCK.seen("GET", "/api/v1/pods")).extracting(KubeMock.Seen::path)
                .anySatisfy(p -> assertThat(p).contains("fieldSelector=spec.nodeName%3D&"))
                .anySatisfy(p -> assertThat(p).contains("fieldSelector=spec.nodeName%21%3D%2Cstatus.phase%21%3DSucceeded"));
    }

    @Test
    void staleResourceVersionGetsTheConflictAndTheRetryAppliesTheChangeToTheNewVersion() {
        NodeGroup read = cluster.read().group("general").orElseThrow();
        NodeGroup written = cluster.writeStatus(read, read.status().withCounts(1, 1, 1));
        assertThat(written.resourceVersion()).isNotEqualTo(read.resourceVersion());
        assertThat(cluster.read().group("general").orElseThrow().status().desiredNodes()).isEqualTo(1);

        // The mock checks resourceVersion on a whole-object PUT but not on the status subresource,
        // so the API server's 409 for the stale write comes from an expectation, once; what follows is CRUD again.
        MOCK.server.expect().put().withPath(KubernetesCluster.groupsPath(NS) + "/general/status")
                .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\",\"message\":\"the object has been modified\"}")
                .once();
        assertThatThrownBy(() -> cluster.writeStatus(read, read.status().withCounts(9, 9, 9)))
                .isInstanceOf(ClusterPort.StatusConflict.class);

        MOCK.server.expect().put().withPath(KubernetesCluster.groupsPath(NS) + "/general/status")
                .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\",\"message\":\"the object has been modified\"}")
                .once();
        int[] reads = {0};
        status.update("general", s -> {
            reads[0]++;
            return s.withCounts(2, 1, 3);
        });
        assertThat(reads[0]).as("applied to a fresh read after the conflict").isEqualTo(2);
        assertThat(MOCK.seen("PUT", "/nodegroups/general/status")).hasSize(4);
        assertThat(cluster.read().group("general").orElseThrow().status().desiredNodes()).isEqualTo(3);
    }

    private static String nodeGroup(String name, int min, int max, String taints) {
        return """
                {"apiVersion":"autoscaler.vpsie.com/v1alpha1","kind":"NodeGroup","metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"minNodes":%d,"maxNodes":%d,"vpsie":{"clusterId":"sandbox-cluster","nodeGroupId":11},
                  "template":{"labels":{"node.vpsie.com/pool":"%s"},"taints":[%s]}}}""".formatted(name, NS, min, max, name, taints);
    }

    static String node(String name, String labels, String taints, boolean unschedulable) {
        return """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","labels":{"kubernetes.io/hostname":"%s"%s}},
                 "spec":{"unschedulable":%s,"taints":[%s]},
                 "status":{"allocatable":{"cpu":"1900m","memory":"3840Mi","pods":"110"},
                  "conditions":[{"type":"Ready","status":"True"}]}}"""
                .formatted(name, name, labels.isEmpty() ? "" : "," + labels, unschedulable, taints);
    }

    static String pod(String ns, String name, String node, String phase, String owner, String cpu) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","labels":{"app":"%s"},
                  "ownerReferences":[{"apiVersion":"v1","kind":"%s","name":"o","uid":"u","controller":true}]},
                 "spec":{%s"containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":"%s","memory":"256Mi"}}}]},
                 "status":{"phase":"%s"}}"""
                .formatted(name, ns, name, owner, node == null ? "" : "\"nodeName\":\"" + node + "\",", cpu, phase);
    }


}
