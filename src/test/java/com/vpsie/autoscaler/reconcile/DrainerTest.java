package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.BlockedNode;
import com.vpsie.autoscaler.capacity.Blocker;
import com.vpsie.autoscaler.cluster.AgainstKubeMock;
import com.vpsie.autoscaler.cluster.KubeMock;
import com.vpsie.autoscaler.cluster.KubeWorld;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.vpsie.autoscaler.cluster.KubeWorld.NS;
import static com.vpsie.autoscaler.cluster.KubeWorld.mirrorPod;
import static com.vpsie.autoscaler.cluster.KubeWorld.node;
import static com.vpsie.autoscaler.cluster.KubeWorld.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drains as the Cluster Autoscaler does them (cordon, evict through the Eviction API, wait, remove
 * the VPSie worker, delete the Node, each step in {@code status.draining[]}), and what a drain left
 * behind settled by the next reconcile; against the API server stand-in, whose PodDisruptionBudget
 * answers come from expectations, with the sandbox's VPSie simulator.
 */
@AgainstKubeMock
class DrainerTest implements TestPropertyProvider {
    private static final KubeWorld KUBE = new KubeWorld();
    private static final KubeMock MOCK = KUBE.mock;

    @Inject
    ClusterPort cluster;
    @Inject
    Drainer drainer;
    @Inject
    Reconciler reconciler;
    @Inject
    SandboxWorld vpsieWorld;
    @Inject
    JsonMapper json;
    @Inject
    MeterRegistry meters;

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
    void drainCordonsEvictsWaitsForPodsRemovesTheWorkerAndDeletesTheNode() {
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "500m"));
        MOCK.create(pod("kube-system", "logs-x", "general-0001", "Running", "DaemonSet", "100m"));
        MOCK.create(mirrorPod("kube-system", "kube-proxy-general-0001", "general-0001"));
        // CRUD mode does not emulate the Eviction subresource: the API server's 201 comes from an
        // expectation, and the kubelet's part (the pod stops) is played by deleting it when evicted.
        MOCK.server.expect().post().withPath("/api/v1/namespaces/default/pods/web/eviction")
                .andReturn(201, "{\"kind\":\"Status\",\"status\":\"Success\"}").always();
        List<String> atEviction = new CopyOnWriteArrayList<>();
        MOCK.onRequest(r -> {
            if (r.path().endsWith("/pods/web/eviction") && atEviction.isEmpty()) {
                atEviction.add("cordoned=" + MOCK.client.nodes().withName("general-0001").get().getSpec().getUnschedulable());
                atEviction.add("step=" + cluster.read().group("general").orElseThrow().status().drainingOrEmpty().get(0).step());
                MOCK.client.pods().inNamespace("default").withName("web").delete();
            }
        });
        NodeGroup g = cluster.read().group("general").orElseThrow();

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", Instant.MAX);

        assertThat(out.removed()).containsExactly("general-0001");
        // Cordoned, and the step recorded, before the first eviction.
        assertThat(atEviction).containsExactly("cordoned=true", "step=EVICTING");
        assertThat(MOCK.seen("POST", "/eviction")).extracting(KubeMock.Seen::path).isNotEmpty()
                .allSatisfy(p -> assertThat(p).isEqualTo("/api/v1/namespaces/default/pods/web/eviction"));
        assertThat(MOCK.client.nodes().withName("general-0001").get()).isNull();
        assertThat(vpsieWorld.stats().get("removeCalls")).isEqualTo(1);
        NodeGroup.Status st = cluster.read().group("general").orElseThrow().status();
        assertThat(st.drainingOrEmpty()).isEmpty();
        assertThat(st.lastScaleDownTime()).isNotNull();
        assertThat(KUBE.events(NS)).anySatisfy(e -> assertThat(e.get("reason").toString()).isEqualTo("ScaleDown"));
    }
    @Test
    void aDrainedNodeWhoseWorkerVpsieDoesNotListStaysCordonedAndIsNotDeleted() {
        // The worker was removed behind our back, or VPSie lists it under a name we cannot match: the Node is Ready.
        assertThat(vpsieWorld.removeWorker("vps-general-0001")).isTrue();
        int removals = vpsieWorld.stats().get("removeCalls");
        NodeGroup g = cluster.read().group("general").orElseThrow();

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", Instant.MAX);

        assertThat(out.removed()).isEmpty();
        assertThat(out.reasons()).anySatisfy(r -> assertThat(r).contains("cannot be identified"));
        assertThat(MOCK.client.nodes().withName("general-0001").get()).as("not deleted while its machine may bill").isNotNull()
                .satisfies(n -> assertThat(n.getSpec().getUnschedulable()).as("kept cordoned").isTrue());
        assertThat(vpsieWorld.stats().get("removeCalls")).as("nothing to remove by that name").isEqualTo(removals);
        NodeGroup.Status st = cluster.read().group("general").orElseThrow().status();
        assertThat(st.drainingOrEmpty()).singleElement().satisfies(d -> assertThat(d.step()).isEqualTo(NodeGroup.DrainStep.REMOVING_FROM_VPSIE));
        assertThat(st.condition("WorkerUnidentified")).get().satisfies(c -> {
            assertThat(c.isTrue()).isTrue();
            assertThat(c.message()).contains("general-0001");
        });
        assertThat(KUBE.events(NS)).filteredOn(e -> e.get("reason").toString().equals("WorkerUnidentified")).hasSize(1);

        // The next reconcile's recovery tries again and says so, without a second Event.
        List<String> again = drainer.recover(cluster.read().group("general").orElseThrow(), Instant.MAX);
        assertThat(again).anySatisfy(r -> assertThat(r).contains("cannot be identified"));
        assertThat(KUBE.events(NS)).filteredOn(e -> e.get("reason").toString().equals("WorkerUnidentified")).hasSize(1);
        assertThat(MOCK.client.nodes().withName("general-0001").get()).isNotNull();
    }
    @org.junit.jupiter.params.ParameterizedTest(name = "eviction answered {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {403, 504, 409})
    void anEvictionErrorOnADrainInFlightNeverStopsTheGroupsScaleUp(int status) {
        // A drain an earlier reconcile began: general-0001 cordoned at EVICTING with its pod still there.
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "1500m"));
        MOCK.server.expect().post().withPath("/api/v1/namespaces/default/pods/web/eviction")
                .andReturn(status, "{\"kind\":\"Status\",\"code\":" + status + ",\"message\":\"admission webhook denied the request\"}").always();
        NodeGroup g = cluster.read().group("general").orElseThrow();
        cluster.writeStatus(g, g.status().withDraining(List.of(
                new NodeGroup.Draining("general-0001", Instant.now(), NodeGroup.DrainStep.EVICTING, null, "unneeded"))));
        cluster.setUnschedulable("general-0001", true);
        // Meanwhile two pods wait for nodes.
        MOCK.create(pod("default", "job-0", null, "Pending", "ReplicaSet", "1"));
        MOCK.create(pod("default", "job-1", null, "Pending", "ReplicaSet", "1"));

        Decision d = reconciler.reconcile(List.of("general"), "test").get(0);

        assertThat(d.action()).as("%s", d).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(d.added()).isEqualTo(2);
        if (status == 403) {
            assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("kept", "denied"));
            assertThat(MOCK.client.nodes().withName("general-0001").get().getSpec().getUnschedulable()).as("rolled back at once").isFalse();
            assertThat(cluster.read().group("general").orElseThrow().status().drainingOrEmpty()).isEmpty();
        } else {
            assertThat(MOCK.client.nodes().withName("general-0001").get()).as("not deleted while its pod stays").isNotNull();
        }
        assertThat(counter("vpsie_autoscaler_evictions_total", "outcome", status == 403 ? "denied" : "retry")).isPositive();
    }
    @Test
    void aNodeWhosePodsHangTerminatingOnADeadKubeletIsDrainedAndRemoved() {
        // The kubelet is gone: a deleted pod keeps its deletionTimestamp (here a finalizer holds it, as the
        // dead kubelet would). Grace 0 s and autoscaler.kubernetes.terminating-margin 0 s in this class.
        MOCK.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"stuck","namespace":"default","finalizers":["test.vpsie.com/kubelet-gone"],
                  "ownerReferences":[{"apiVersion":"v1","kind":"ReplicaSet","name":"o","uid":"u","controller":true}]},
                 "spec":{"nodeName":"general-0001","terminationGracePeriodSeconds":0,
                  "containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":"100m"}}}]},
                 "status":{"phase":"Running"}}""");
        MOCK.client.pods().inNamespace("default").withName("stuck").delete();
        assertThat(MOCK.client.pods().inNamespace("default").withName("stuck").get().getMetadata().getDeletionTimestamp())
                .as("the stand-in keeps the deletionTimestamp, as a real API server does while the kubelet is away").isNotNull();
        NodeGroup g = cluster.read().group("general").orElseThrow();

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", Instant.MAX);

        assertThat(out.removed()).as("%s", out).containsExactly("general-0001");
        assertThat(MOCK.client.nodes().withName("general-0001").get()).isNull();
        MOCK.client.pods().inNamespace("default").withName("stuck").edit(p -> {
            p.getMetadata().setFinalizers(List.of());
            return p;
        });
    }
    @Test
    void aPdbRefusingEvictionDelaysTheDrainAndTheNodeIsKeptAndUncordoned() {
        MOCK.create(pod("default", "db", "general-0001", "Running", "StatefulSet", "500m"));
        // The Eviction API's 429 for a PodDisruptionBudget, from an expectation (CRUD mode has no eviction).
        MOCK.server.expect().post().withPath("/api/v1/namespaces/default/pods/db/eviction")
                .andReturn(429, "{\"kind\":\"Status\",\"code\":429,\"reason\":\"TooManyRequests\","
                        + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\"}").always();
        NodeGroup g = cluster.read().group("general").orElseThrow();
        long started = System.nanoTime();

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", Instant.MAX);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited out max-graceful-termination")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(out.removed()).isEmpty();
        assertThat(out.kept()).extracting(BlockedNode::node).containsExactly("general-0001");
        assertThat(out.kept()).extracting(k -> k.blocker().code()).containsExactly(Blocker.Code.EVICTION_REFUSED_TOO_LONG);
        assertThat(MOCK.seen("POST", "/pods/db/eviction").size()).as("asked again while the budget said no").isGreaterThan(2);
        io.fabric8.kubernetes.api.model.Node node = MOCK.client.nodes().withName("general-0001").get();
        assertThat(node).as("not deleted early").isNotNull();
        assertThat(node.getSpec().getUnschedulable()).isFalse();
        assertThat(MOCK.seen("DELETE", "/api/v1/nodes/")).isEmpty();
        assertThat(vpsieWorld.stats().get("removeCalls")).isZero();
        assertThat(cluster.read().group("general").orElseThrow().status().drainingOrEmpty()).isEmpty();
        assertThat(KUBE.events(NS)).anySatisfy(e -> {
            assertThat(e.get("reason").toString()).isEqualTo("ScaleDownBlocked");
            assertThat(e.get("message").toString()).contains("default/db", "PodDisruptionBudget");
        });
    }
    @Test
    void aDrainCutShortByTheReconcilesTimeStaysRecordedAndTheNextReconcileFinishesIt() {
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "500m"));
        // The PDB says no until the test lets it say yes (not after a count of refusals: how many fit in the
        // reconcile's 150 ms depends on the machine); the kubelet's part is played by deleting the pod.
        AtomicBoolean pdbAllows = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        MOCK.server.expect().post().withPath("/api/v1/namespaces/default/pods/web/eviction")
                .andReply(new ResponseProvider<Object>() {
                    private Headers headers = Headers.builder().build();

                    @Override
                    public int getStatusCode(RecordedRequest request) {
                        if (pdbAllows.get()) {
                            return 201;
                        }
                        refused.incrementAndGet();
                        return 429;
                    }

                    @Override
                    public Object getBody(RecordedRequest request) {
                        return pdbAllows.get() ? "{\"kind\":\"Status\",\"status\":\"Success\"}"
                                : "{\"kind\":\"Status\",\"code\":429,\"reason\":\"TooManyRequests\"}";
                    }

                    @Override
                    public Headers getHeaders() {
                        return headers;
                    }

                    @Override
                    public void setHeaders(Headers h) {
                        headers = h;
                    }
                }).always();
        MOCK.onRequest(r -> {
            if (r.path().endsWith("/pods/web/eviction") && pdbAllows.get()) {
                MOCK.client.pods().inNamespace("default").withName("web").delete();
            }
        });
        NodeGroup g = cluster.read().group("general").orElseThrow();

        Drainer.Outcome first = drainer.drain(g, List.of("general-0001"), "test", Instant.now().plusMillis(150));

        assertThat(first.removed()).isEmpty();
        assertThat(first.kept()).isEmpty();
        assertThat(first.reasons()).anySatisfy(r -> assertThat(r).contains("drain of general-0001 goes on at the next reconcile"));
        assertThat(cluster.read().group("general").orElseThrow().status().drainingOrEmpty()).singleElement()
                .satisfies(d -> assertThat(d.step()).isEqualTo(NodeGroup.DrainStep.EVICTING));
        assertThat(MOCK.client.nodes().withName("general-0001").get().getSpec().getUnschedulable()).isTrue();
        assertThat(refused.get()).as("evictions the PDB refused").isPositive();
        pdbAllows.set(true);

        List<String> next = drainer.recover(cluster.read().group("general").orElseThrow(), Instant.MAX);

        assertThat(next).anySatisfy(r -> assertThat(r).contains("node general-0001 drained and removed"));
        assertThat(MOCK.client.nodes().withName("general-0001").get()).isNull();
        assertThat(vpsieWorld.stats().get("removeCalls")).isEqualTo(1);
        assertThat(cluster.read().group("general").orElseThrow().status().drainingOrEmpty()).isEmpty();
    }

    @Test
    void aNodeThatGainsPodsMidDrainIsUncordonedAndKept() {
        MOCK.create(pod("default", "db", "general-0001", "Running", "StatefulSet", "500m"));
        // The PDB keeps db on the node for a while (429 from an expectation); meanwhile a pod is bound to the node by name.
        MOCK.server.expect().post().withPath("/api/v1/namespaces/default/pods/db/eviction")
                .andReturn(429, "{\"kind\":\"Status\",\"code\":429,\"reason\":\"TooManyRequests\","
                        + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\"}").always();
        AtomicBoolean placed = new AtomicBoolean();
        MOCK.onRequest(r -> {
            if (r.path().endsWith("/pods/db/eviction") && placed.compareAndSet(false, true)) {
                MOCK.create(pod("default", "pinned", "general-0001", "Running", "ReplicaSet", "100m"));
            }
        });
        NodeGroup g = cluster.read().group("general").orElseThrow();

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", Instant.MAX);

        assertThat(out.kept()).extracting(BlockedNode::node).containsExactly("general-0001");
        assertThat(out.kept()).extracting(k -> k.blocker().code()).containsExactly(Blocker.Code.POD_ARRIVED_DURING_DRAIN);
        assertThat(out.kept().get(0).blocker().message()).contains("default/pinned");
        assertThat(MOCK.client.nodes().withName("general-0001").get().getSpec().getUnschedulable()).isFalse();
        assertThat(vpsieWorld.stats().get("removeCalls")).isZero();
        assertThat(cluster.read().group("general").orElseThrow().status().drainingOrEmpty()).isEmpty();
    }

    @Test
    void drainsLeftByADeadInstanceAreRolledBackBeforeThePointOfNoReturnAndFinishedAfterIt() {
        MOCK.create(node("general-0002", "\"autoscaler.vpsie.com/nodegroup\":\"general\"", "", true));
        MOCK.create(node("general-0003", "\"autoscaler.vpsie.com/nodegroup\":\"general\"", "", true));
        NodeGroup g = cluster.read().group("general").orElseThrow();
        Instant then = Instant.now().minusSeconds(60);
        cluster.writeStatus(g, g.status().withDraining(List.of(
                new NodeGroup.Draining("general-0002", then, NodeGroup.DrainStep.EVICTING, null, "unneeded"),
                new NodeGroup.Draining("general-0003", then, NodeGroup.DrainStep.REMOVING_FROM_VPSIE, "vps-general-0003", "unneeded"))));

        List<Decision> d = reconciler.reconcile(List.of("general"), "heartbeat");

        assertThat(d.get(0).reasons()).anySatisfy(r -> assertThat(r).contains("rolled back the drain of general-0002"))
                .anySatisfy(r -> assertThat(r).contains("finished the removal of general-0003"));
        assertThat(MOCK.client.nodes().withName("general-0002").get().getSpec().getUnschedulable()).isFalse();
        assertThat(MOCK.client.nodes().withName("general-0003").get()).isNull();
        assertThat(cluster.read().group("general").orElseThrow().status().drainingOrEmpty()).isEmpty();
    }
    /** Every request the drains above made is one the Helm chart's RBAC grants (KubernetesAdapterTest checks that every grant is used). */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyRequestTheDrainsMadeIsGrantedByTheChartsRbac() {
        KUBE.assertEveryRequestGranted();
    }

    private double counter(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
