package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.config.DrainConfig;
import com.vpsie.autoscaler.config.KubernetesConfig;
import com.vpsie.autoscaler.config.PlannerConfig;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.LockAnswer;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.reconcile.AddLock;
import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.DecisionLog;
import com.vpsie.autoscaler.reconcile.Drainer;
import com.vpsie.autoscaler.reconcile.GroupGate;
import com.vpsie.autoscaler.reconcile.GroupStatus;
import com.vpsie.autoscaler.reconcile.Reconciler;
import com.vpsie.autoscaler.reconcile.SnapshotBuilder;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
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

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
@Property(name = "autoscaler.kubernetes.terminating-margin", value = "0s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class KubernetesAdapterTest implements TestPropertyProvider {
    static final String NS = "vpsie-autoscaler";
    private static final String TOKEN = "sa-token-for-tests";
    private static final KubeMock MOCK = KubeMockHolder.start();

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
    @Inject
    KubeApi kubeApi;
    @Inject
    KubernetesConfig kubernetesConfig;
    @Inject
    VpsiePort vpsie;
    @Inject
    com.vpsie.autoscaler.reconcile.GroupMetrics groupMetrics;
    @Inject
    com.vpsie.autoscaler.reconcile.GarbageCollector garbageCollector;
    @Inject
    SnapshotBuilder snapshots;
    @Inject
    DecisionLog decisionLog;
    @Inject
    ReconcileConfig reconcileConfig;
    @Inject
    PlannerConfig plannerConfig;
    @Inject
    DrainConfig drainConfig;
    @Inject
    Clock clock;
    @Inject
    io.micronaut.context.BeanContext beans;
    @Inject
    com.vpsie.autoscaler.reconcile.GroupQueries queries;

    @Override
    public Map<String, String> getProperties() {
        // Connected as `make run-kube` and Lambda connect: through a kubeconfig with a bearer token,
        // which the ApiClient adds to every request.
        try {
            java.nio.file.Path kubeconfig = java.nio.file.Files.createTempFile("kubeconfig", ".yaml");
            java.nio.file.Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: mock, cluster: {server: "%s"}}]
                    users: [{name: me, user: {token: %s}}]
                    contexts: [{name: mock, context: {cluster: mock, user: me}}]
                    current-context: mock
                    """.formatted(MOCK.url(), TOKEN));
            kubeconfig.toFile().deleteOnExit();
            return Map.of("kubernetes.client.kube-config-path", kubeconfig.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        MOCK.close();
    }

    @BeforeEach
    void freshWorld() throws Exception {
        MOCK.reset();
        com.vpsie.autoscaler.sandbox.StartWorld.load(vpsieWorld, json);
        MOCK.create(nodeGroup("general", 1, 5, ""));
        MOCK.create(node("general-0001", "\"autoscaler.vpsie.com/nodegroup\":\"general\",\"node.vpsie.com/pool\":\"general\"", "", false));
        MOCK.servePodsOn("general-0001");
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

        // A whole reconcile reads the cluster once, and a webhook's group lookup lists NodeGroups only.
        MOCK.requests.clear();
        reconciler.reconcile(List.of("general"), "test");
        assertThat(MOCK.seen("GET", "/api/v1/nodes?")).hasSize(1);
        MOCK.requests.clear();
        assertThat(queries.groupNames()).containsExactly("general");
        // One list of NodeGroups (one page), and nothing else; read after the recorder caught up, so an empty record fails.
        assertThat(MOCK.seen()).extracting(KubeMock.Seen::path).hasSize(1).allSatisfy(p -> assertThat(p).contains("/nodegroups"));
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

    @Test
    void twoReplicasRacingOnOneGroupAskVpsieForTheMissingNodesOnce() throws Exception {
        // general-0001 is nearly full; three 1-CPU pods need three new 2-CPU nodes.
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "1500m"));
        for (int i = 0; i < 3; i++) {
            MOCK.create(pod("default", "job-" + i, null, "Pending", "ReplicaSet", "1"));
        }
        MOCK.create(pod("default", "huge", null, "Pending", "ReplicaSet", "40"));
        Reconciler replicaB = secondReplica("replica-b");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Decision>>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Reconciler r = i % 2 == 0 ? reconciler : replicaB;
            runs.add(pool.submit(() -> {
                go.await();
                return r.reconcile(List.of("general"), "storm");
            }));
        }
        go.countDown();
        List<Decision> decisions = new ArrayList<>();
        for (Future<List<Decision>> f : runs) {
            decisions.addAll(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(vpsieWorld.stats().get("addCalls")).isEqualTo(3);
        assertThat(decisions).filteredOn(d -> d.action() == Decision.Action.SCALE_UP).singleElement()
                .satisfies(d -> assertThat(d.added()).isEqualTo(3));
        assertThat(decisions).extracting(Decision::action).doesNotContain(Decision.Action.FAILED);
        NodeGroup.Status st = cluster.read().group("general").orElseThrow().status();
        assertThat(st.provisioningOrEmpty()).hasSize(3).allSatisfy(p -> assertThat(p.hostname()).isNotNull());
        assertThat(st.desiredNodes()).isEqualTo(4);

        // Events as the Cluster Autoscaler writes them: on the group, and on each pod the nodes are for.
        List<GenericKubernetesResource> groupEvents = events(NS);
        assertThat(groupEvents).anySatisfy(e -> {
            assertThat(e.get("reason").toString()).isEqualTo("ScaledUp");
            assertThat(e.get("message").toString()).contains("added 3 node(s), 1->4");
            assertThat(((Map<?, ?>) e.get("involvedObject")).get("kind")).isEqualTo("NodeGroup");
        });
        assertThat(events("default")).filteredOn(e -> "TriggeredScaleUp".equals(e.get("reason")))
                .extracting(e -> (Object) ((Map<?, ?>) e.get("involvedObject")).get("name"))
                .containsExactlyInAnyOrder((Object) "job-0", "job-1", "job-2");
        // Each replica tells a pod at most once per pod-event-interval; between the debounced runs
        // the other replica may hold the Lease and tell it too: one or two, never one per trigger.
        assertThat(events("default")).filteredOn(e -> "NotTriggerScaleUp".equals(e.get("reason"))).hasSizeBetween(1, 2)
                .allSatisfy(e -> {
                    assertThat(((Map<?, ?>) e.get("involvedObject")).get("name")).isEqualTo("huge");
                    assertThat(e.get("message").toString()).contains("pod didn't trigger scale-up", "group general");
                });
    }

    @Test
    void aWorkerThatNeverJoinsIsDroppedFromStatusWithAProvisionTimeoutEvent() {
        NodeGroup g = cluster.read().group("general").orElseThrow();
        cluster.writeStatus(g, g.status().withProvisioning(List.of(
                new NodeGroup.Provisioning("i-old", Instant.now().minus(java.time.Duration.ofMinutes(20)), "vps-9", "general-0009"))));

        reconciler.reconcile(List.of("general"), "heartbeat");

        assertThat(cluster.read().group("general").orElseThrow().status().provisioningOrEmpty()).isEmpty();
        assertThat(events(NS)).anySatisfy(e -> {
            assertThat(e.get("reason").toString()).isEqualTo("ProvisionTimeout");
            assertThat(e.get("type").toString()).isEqualTo("Warning");
        });
        assertThat(vpsieWorld.stats().get("removeCalls")).as("the worker that never joined is removed from VPSie").isEqualTo(1);
        NodeGroup.ScaleUpBackoff backoff = cluster.read().group("general").orElseThrow().status().scaleUpBackoff();
        assertThat(backoff.failures()).isEqualTo(1);
        assertThat(backoff.until()).isAfter(Instant.now().plus(java.time.Duration.ofMinutes(4)));

        // While backing off, pods that need a node do not make the group add one.
        MOCK.create(pod("default", "waiting", null, "Pending", "ReplicaSet", "1500m"));
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "1500m"));
        Decision d = reconciler.reconcile(List.of("general"), "heartbeat").get(0);
        assertThat(d.added()).isZero();
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("provision timeout(s) in a row; backing off until"));
        assertThat(vpsieWorld.stats().get("addCalls")).isZero();
    }

    @Test
    void aLeaseHeldByAnotherReplicaIsRespectedUntilReleasedOrExpired() {
        KubernetesLeases a = leases("replica-a", clock);
        KubernetesLeases b = leases("replica-b", clock);
        assertThat(a.acquire("general")).isEqualTo(LockAnswer.ACQUIRED);
        assertThat(a.acquire("general")).as("renewal by the holder").isEqualTo(LockAnswer.ACQUIRED);
        assertThat(b.acquire("general")).isEqualTo(LockAnswer.heldBy("replica-a"));
        a.release("general");
        assertThat(b.acquire("general")).isEqualTo(LockAnswer.ACQUIRED);
        // A holder that died: its lease runs out after leaseDuration, then another replica takes over.
        KubernetesLeases later = leases("replica-c", Clock.offset(clock, java.time.Duration.ofSeconds(16)));
        assertThat(a.acquire("general")).isEqualTo(LockAnswer.heldBy("replica-b"));
        assertThat(later.acquire("general")).isEqualTo(LockAnswer.ACQUIRED);
    }

    @Test
    void aJoinedNodeGetsTheGroupsLabelsAndTaintsAndKeepsItsOwn() {
        MOCK.client.genericKubernetesResources(KubeMock.NODE_GROUPS).inNamespace(NS).withName("general").delete();
        MOCK.create(nodeGroup("general", 1, 5, "{\"key\":\"dedicated\",\"value\":\"batch\",\"effect\":\"NoSchedule\"}"));
        NodeGroup g = cluster.read().group("general").orElseThrow();
        cluster.writeStatus(g, g.status().withProvisioning(List.of(
                new NodeGroup.Provisioning("i-1", Instant.now(), "vps-42", "general-0042"))));
        MOCK.create(node("general-0042", "", "{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoSchedule\"}", false));

        reconciler.reconcile(List.of("general"), "test");

        io.fabric8.kubernetes.api.model.Node joined = MOCK.client.nodes().withName("general-0042").get();
        assertThat(joined.getMetadata().getLabels()).containsEntry("autoscaler.vpsie.com/nodegroup", "general")
                .containsEntry("node.vpsie.com/pool", "general").containsEntry("kubernetes.io/hostname", "general-0042");
        assertThat(joined.getSpec().getTaints()).extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
                .containsExactlyInAnyOrder("node.kubernetes.io/not-ready=null:NoSchedule", "dedicated=batch:NoSchedule");
        assertThat(MOCK.seen("PUT", "/api/v1/nodes/general-0042")).hasSize(1);
        assertThat(cluster.read().nodes()).filteredOn(n -> n.name().equals("general-0042")).singleElement()
                .satisfies(n -> assertThat(n.nodeGroup()).isEqualTo("general"));
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
        List<String> atEviction = new java.util.concurrent.CopyOnWriteArrayList<>();
        MOCK.onRequest(r -> {
            if (r.path().endsWith("/pods/web/eviction") && atEviction.isEmpty()) {
                atEviction.add("cordoned=" + MOCK.client.nodes().withName("general-0001").get().getSpec().getUnschedulable());
                atEviction.add("step=" + cluster.read().group("general").orElseThrow().status().drainingOrEmpty().get(0).step());
                MOCK.client.pods().inNamespace("default").withName("web").delete();
            }
        });
        NodeGroup g = cluster.read().group("general").orElseThrow();

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", java.time.Instant.MAX);

        assertThat(out.removed()).containsExactly("general-0001");
        // Cordoned, and the step recorded, before the first eviction.
        assertThat(atEviction).containsExactly("cordoned=true", "step=EVICTING");
        assertThat(MOCK.seen("POST", "/eviction")).extracting(KubeMock.Seen::path)
                .allSatisfy(p -> assertThat(p).isEqualTo("/api/v1/namespaces/default/pods/web/eviction")).isNotEmpty();
        assertThat(MOCK.client.nodes().withName("general-0001").get()).isNull();
        assertThat(vpsieWorld.stats().get("removeCalls")).isEqualTo(1);
        NodeGroup.Status st = cluster.read().group("general").orElseThrow().status();
        assertThat(st.drainingOrEmpty()).isEmpty();
        assertThat(st.lastScaleDownTime()).isNotNull();
        assertThat(events(NS)).anySatisfy(e -> assertThat(e.get("reason").toString()).isEqualTo("ScaleDown"));
    }

    @Test
    void aDrainedNodeWhoseWorkerVpsieDoesNotListStaysCordonedAndIsNotDeleted() {
        // The worker was removed behind our back, or VPSie lists it under a name we cannot match: the Node is Ready.
        assertThat(vpsieWorld.removeWorker("vps-general-0001")).isTrue();
        int removals = vpsieWorld.stats().get("removeCalls");
        NodeGroup g = cluster.read().group("general").orElseThrow();

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", java.time.Instant.MAX);

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
        assertThat(events(NS)).filteredOn(e -> e.get("reason").toString().equals("WorkerUnidentified")).hasSize(1);

        // The next reconcile's recovery tries again and says so, without a second Event.
        List<String> again = drainer.recover(cluster.read().group("general").orElseThrow(), java.time.Instant.MAX);
        assertThat(again).anySatisfy(r -> assertThat(r).contains("cannot be identified"));
        assertThat(events(NS)).filteredOn(e -> e.get("reason").toString().equals("WorkerUnidentified")).hasSize(1);
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
    void anInvalidTemplateIsReportedOnceAndSkippedWhileAnotherGroupScales() throws Exception {
        MOCK.create("""
                {"apiVersion":"autoscaler.vpsie.com/v1alpha1","kind":"NodeGroup","metadata":{"name":"broken","namespace":"%s"},
                 "spec":{"minNodes":0,"maxNodes":5,"vpsie":{"clusterId":"sandbox-cluster","nodeGroupId":11},
                  "template":{"labels":{"pool":"has spaces"},"taints":[]}}}""".formatted(NS));
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "1500m"));
        MOCK.create(pod("default", "job-0", null, "Pending", "ReplicaSet", "1"));

        List<Decision> d = reconciler.reconcile(List.of("broken", "general"), "test");
        reconciler.reconcile(List.of("broken"), "test again");

        assertThat(d.get(0).action()).isEqualTo(Decision.Action.FAILED);
        assertThat(d.get(0).error()).contains("spec.template.labels['pool']", "has spaces");
        assertThat(d.get(1).action()).as("the other group goes on: %s", d.get(1)).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(cluster.read().group("broken").orElseThrow().status().condition("SpecValid")).get()
                .satisfies(c -> assertThat(c.status()).isEqualTo("False"));
        assertThat(events(NS)).filteredOn(e -> "InvalidSpec".equals(e.get("reason").toString())).hasSize(1);
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

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", java.time.Instant.MAX);

        assertThat(out.removed()).as("%s", out).containsExactly("general-0001");
        assertThat(MOCK.client.nodes().withName("general-0001").get()).isNull();
        MOCK.client.pods().inNamespace("default").withName("stuck").edit(p -> {
            p.getMetadata().setFinalizers(List.of());
            return p;
        });
    }

    @Test
    void gatedPodsAreNoDemandAndEventsNameTheirObjectByUid() {
        MOCK.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"queued","namespace":"default"},
                 "spec":{"schedulingGates":[{"name":"kueue.x-k8s.io/admission"}],
                  "containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":"1"}}}]},
                 "status":{"phase":"Pending"}}""");
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "1500m"));
        MOCK.create(pod("default", "ungated", null, "Pending", "ReplicaSet", "1"));

        Decision d = reconciler.reconcile(List.of("general"), "test").get(0);

        assertThat(d.added()).as("the ungated pod needs one node, the gated pod none: %s", d).isEqualTo(1);
        assertThat(queries.livePlan().gated()).singleElement().satisfies(gp -> {
            assertThat(gp.pod()).isEqualTo("default/queued");
            assertThat(gp.gates()).containsExactly("kueue.x-k8s.io/admission");
        });
        String podUid = MOCK.client.pods().inNamespace("default").withName("ungated").get().getMetadata().getUid();
        String groupUid = MOCK.client.genericKubernetesResources("autoscaler.vpsie.com/v1alpha1", "NodeGroup").inNamespace(NS)
                .withName("general").get().getMetadata().getUid();
        assertThat(events("default")).filteredOn(e -> "TriggeredScaleUp".equals(e.get("reason").toString())
                        && "ungated".equals(((Map<?, ?>) e.get("involvedObject")).get("name"))).isNotEmpty()
                .allSatisfy(e -> assertThat(((Map<?, ?>) e.get("involvedObject")).get("uid")).isEqualTo(podUid));
        assertThat(events(NS)).filteredOn(e -> "ScaledUp".equals(e.get("reason").toString())).isNotEmpty()
                .allSatisfy(e -> assertThat(((Map<?, ?>) e.get("involvedObject")).get("uid")).isEqualTo(groupUid));
    }

    @Test
    void aListWhoseContinueTokenExpiredRestartsAndAThrottled429IsWaitedOut() {
        // First page names a continue token; the second page answers 410 (compacted); the list starts again.
        MOCK.server.expect().get().withPath("/api/v1/nodes?limit=500")
                .andReturn(200, "{\"apiVersion\":\"v1\",\"kind\":\"NodeList\",\"metadata\":{\"continue\":\"t1\"},\"items\":[]}").once();
        MOCK.server.expect().get().withPath("/api/v1/nodes?limit=500&continue=t1")
                .andReturn(410, "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"continue token expired\"}").once();
        // API priority and fairness: one 429 with Retry-After on the NodeGroup list.
        MOCK.server.expect().get().withPath(KubernetesCluster.groupsPath(NS) + "?limit=500")
                .andReply(429, r -> "{\"kind\":\"Status\",\"code\":429,\"message\":\"too many requests\"}").withHeader("Retry-After", "1").once();

        ClusterView view = cluster.read();

        assertThat(view.nodes()).extracting(com.vpsie.autoscaler.capacity.Node::name).as("the whole list, read again").contains("general-0001");
        assertThat(view.group("general")).isPresent();
    }

    @Test
    void theStandInRefusesWhatARealApiServerRefusesAndTheAdapterSaysSo() {
        // Node validation: a label value with a space, two taints with one key and effect.
        assertThatThrownBy(() -> cluster.labelNode("general-0001", Map.of("pool", "has spaces"), List.of()))
                .isInstanceOfSatisfying(KubeApi.Failure.class, f -> {
                    assertThat(f.code()).isEqualTo(422);
                    assertThat(f.getMessage()).contains("metadata.labels");
                });
        io.fabric8.kubernetes.api.model.Node twice = MOCK.client.nodes().withName("general-0001").get();
        twice.getSpec().setTaints(List.of(new io.fabric8.kubernetes.api.model.Taint("NoSchedule", "k", null, null),
                new io.fabric8.kubernetes.api.model.Taint("NoSchedule", "k", null, "v")));
        assertThatThrownBy(() -> MOCK.client.nodes().resource(twice).update()).hasMessageContaining("Duplicate value");
        // Field selectors: only the pod fields the API server supports.
        assertThatThrownBy(() -> MOCK.client.pods().inAnyNamespace().withField("spec.priority", "1").list())
                .hasMessageContaining("field label not supported: spec.priority");
        // What the adapter itself sends passes: a whole read, with its two pod field selectors.
        assertThat(cluster.read().group("general")).isPresent();
        assertThat(MOCK.client.nodes().withName("general-0001").get().getMetadata().getLabels()).doesNotContainKey("pool");
    }

    @Test
    void theStandInsEvictionKeepsToTheBudgetAndADeadKubeletsPodsStayTerminating() {
        // Two pods under one budget that allows one disruption: the first eviction is taken, the second waits.
        MOCK.create(pod("default", "db-0", "general-0001", "Running", "StatefulSet", "100m"));
        MOCK.create(pod("default", "db-1", "general-0001", "Running", "StatefulSet", "100m"));
        MOCK.client.pods().inNamespace("default").withName("db-0").edit(p -> {
            p.getMetadata().setLabels(Map.of("app", "db"));
            return p;
        });
        MOCK.client.pods().inNamespace("default").withName("db-1").edit(p -> {
            p.getMetadata().setLabels(Map.of("app", "db"));
            return p;
        });
        MOCK.create("""
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"db","namespace":"default"},
                 "spec":{"selector":{"matchLabels":{"app":"db"}}},"status":{"disruptionsAllowed":1}}""");

        assertThat(cluster.evict("default", "db-0")).isEqualTo(com.vpsie.autoscaler.port.ClusterPort.Eviction.EVICTED);
        assertThat(cluster.evict("default", "db-1")).as("the budget is spent").isEqualTo(com.vpsie.autoscaler.port.ClusterPort.Eviction.BLOCKED);
        assertThat(cluster.evict("default", "db-0")).as("already gone").isEqualTo(com.vpsie.autoscaler.port.ClusterPort.Eviction.GONE);
        MOCK.client.resource(MOCK.client.policy().v1().podDisruptionBudget().inNamespace("default").withName("db").get()).delete();
        MOCK.client.pods().inNamespace("default").withName("db-1").delete();

        // A dead kubelet: the evicted pod keeps its deletionTimestamp; past grace + margin the drain counts it gone.
        MOCK.client.nodes().withName("general-0001").edit(n -> {
            n.getMetadata().setAnnotations(Map.of(StrictDispatcher.DEAD_KUBELET, "dead"));
            return n;
        });
        MOCK.create("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"orphaned","namespace":"default",
                  "ownerReferences":[{"apiVersion":"v1","kind":"ReplicaSet","name":"o","uid":"u","controller":true}]},
                 "spec":{"nodeName":"general-0001","terminationGracePeriodSeconds":0,
                  "containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":"100m"}}}]},
                 "status":{"phase":"Running"}}""");
        NodeGroup g = cluster.read().group("general").orElseThrow();

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", java.time.Instant.MAX);

        assertThat(MOCK.client.pods().inNamespace("default").withName("orphaned").get().getMetadata().getDeletionTimestamp())
                .as("still terminating: no kubelet confirms").isNotNull();
        assertThat(out.removed()).as("%s", out).containsExactly("general-0001");
        MOCK.client.pods().inNamespace("default").withName("orphaned").edit(p -> {
            p.getMetadata().setFinalizers(List.of());
            return p;
        });
    }

    @Test
    void aNodeUpdateTheApiServerRefusesIsReportedOnceAndTheGroupGoesOn() {
        MOCK.create(node("general-0077", "", "", false));
        MOCK.server.expect().put().withPath("/api/v1/nodes/general-0077")
                .andReturn(422, "{\"kind\":\"Status\",\"code\":422,\"reason\":\"Invalid\",\"message\":\"Node \\\"general-0077\\\" is invalid\"}").always();
        NodeGroup g = cluster.read().group("general").orElseThrow();
        cluster.writeStatus(g, g.status().withProvisioning(List.of(new NodeGroup.Provisioning("i-77", Instant.now(), "vps-77", "General-0077"))));

        Decision first = reconciler.reconcile(List.of("general"), "test").get(0);
        Decision second = reconciler.reconcile(List.of("general"), "test again").get(0);

        assertThat(first.action()).as("%s", first).isNotEqualTo(Decision.Action.FAILED);
        assertThat(second.action()).as("%s", second).isNotEqualTo(Decision.Action.FAILED);
        assertThat(first.reasons()).anySatisfy(r -> assertThat(r).contains("refused its labels and taints"));
        assertThat(cluster.read().group("general").orElseThrow().status().condition("NodeUpdateRefused")).get()
                .satisfies(c -> assertThat(c.isTrue()).isTrue());
        assertThat(events(NS)).filteredOn(e -> "NodeUpdateRefused".equals(e.get("reason").toString())).hasSize(1);
    }

    @Test
    void aRepeatedEventRaisesTheCountOfTheFirstInsteadOfWritingAnother() {
        NodeGroup g = cluster.read().group("general").orElseThrow();
        for (int i = 0; i < 3; i++) {
            cluster.record(com.vpsie.autoscaler.port.ClusterEvent.onGroup(g, com.vpsie.autoscaler.port.ClusterEvent.Type.Warning,
                    "Repeated", "the same thing again"));
        }
        assertThat(events(NS)).filteredOn(e -> "Repeated".equals(e.get("reason").toString())).singleElement()
                .satisfies(e -> assertThat(((Number) e.get("count")).intValue()).isEqualTo(3));
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

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", java.time.Instant.MAX);

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("waited out max-graceful-termination")
                .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(900));
        assertThat(out.removed()).isEmpty();
        assertThat(out.kept()).containsExactly("general-0001");
        assertThat(MOCK.seen("POST", "/pods/db/eviction").size()).as("asked again while the budget said no").isGreaterThan(2);
        io.fabric8.kubernetes.api.model.Node node = MOCK.client.nodes().withName("general-0001").get();
        assertThat(node).as("not deleted early").isNotNull();
        assertThat(node.getSpec().getUnschedulable()).isFalse();
        assertThat(MOCK.seen("DELETE", "/api/v1/nodes/")).isEmpty();
        assertThat(vpsieWorld.stats().get("removeCalls")).isZero();
        assertThat(cluster.read().group("general").orElseThrow().status().drainingOrEmpty()).isEmpty();
        assertThat(events(NS)).anySatisfy(e -> {
            assertThat(e.get("reason").toString()).isEqualTo("ScaleDownBlocked");
            assertThat(e.get("message").toString()).contains("default/db", "PodDisruptionBudget");
        });
    }

    @Test
    void aDrainCutShortByTheReconcilesTimeStaysRecordedAndTheNextReconcileFinishesIt() {
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "500m"));
        // The PDB says no until the test lets it say yes (not after a count of refusals: how many fit in the
        // reconcile's 150 ms depends on the machine); the kubelet's part is played by deleting the pod.
        java.util.concurrent.atomic.AtomicBoolean pdbAllows = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        MOCK.server.expect().post().withPath("/api/v1/namespaces/default/pods/web/eviction")
                .andReply(new io.fabric8.mockwebserver.utils.ResponseProvider<Object>() {
                    private io.fabric8.mockwebserver.http.Headers headers = io.fabric8.mockwebserver.http.Headers.builder().build();

                    @Override
                    public int getStatusCode(io.fabric8.mockwebserver.http.RecordedRequest request) {
                        if (pdbAllows.get()) {
                            return 201;
                        }
                        refused.incrementAndGet();
                        return 429;
                    }

                    @Override
                    public Object getBody(io.fabric8.mockwebserver.http.RecordedRequest request) {
                        return pdbAllows.get() ? "{\"kind\":\"Status\",\"status\":\"Success\"}"
                                : "{\"kind\":\"Status\",\"code\":429,\"reason\":\"TooManyRequests\"}";
                    }

                    @Override
                    public io.fabric8.mockwebserver.http.Headers getHeaders() {
                        return headers;
                    }

                    @Override
                    public void setHeaders(io.fabric8.mockwebserver.http.Headers h) {
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
    void garbageCollectionReportsWorkersNoRecordClaimsAndDeletesNodesWhoseWorkerIsGone() {
        // VPSie has a worker no record of ours names (added by hand, or by another tool) ...
        com.vpsie.autoscaler.sandbox.SandboxWorker foreign = vpsieWorld.addWorker(11).orElseThrow();
        // ... and the group has a NotReady node whose VPSie worker no longer exists.
        MOCK.create("""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"general-0042","labels":{"kubernetes.io/hostname":"general-0042",
                  "autoscaler.vpsie.com/nodegroup":"general"}},"spec":{},
                 "status":{"allocatable":{"cpu":"1900m","memory":"3840Mi","pods":"110"},"conditions":[{"type":"Ready","status":"Unknown"}]}}""");
        com.vpsie.autoscaler.reconcile.GarbageCollector gc = new com.vpsie.autoscaler.reconcile.GarbageCollector(cluster, vpsie, status,
                reconcileConfig, new com.vpsie.autoscaler.reconcile.UnattributedWorkers(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                clock);

        List<String> reasons = gc.collect(cluster.read().group("general").orElseThrow(), cluster.read());

        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("deleted node general-0042"));
        assertThat(cluster.read().group("general").orElseThrow().status().provisioningOrEmpty()).as("not taken in: it is not provably ours").isEmpty();
        assertThat(gc.unattributed("sandbox-cluster")).singleElement().satisfies(w -> assertThat(w.identifier()).isEqualTo(foreign.identifier()));
        assertThat(vpsieWorld.stats().get("removeCalls")).as("never removed").isZero();
        assertThat(MOCK.client.nodes().withName("general-0042").get()).isNull();
        assertThat(MOCK.client.nodes().withName("general-0001").get()).as("a Ready node with its worker stays").isNotNull();
        assertThat(events(NS)).anySatisfy(e -> assertThat(e.get("reason").toString()).isEqualTo("DeletedNodeGone"))
                .anySatisfy(e -> assertThat(e.get("reason").toString()).isEqualTo("UnattributedWorker"));
    }

    @Test
    void aNodeThatGainsPodsMidDrainIsUncordonedAndKept() {
        MOCK.create(pod("default", "db", "general-0001", "Running", "StatefulSet", "500m"));
        // The PDB keeps db on the node for a while (429 from an expectation); meanwhile a pod is bound to the node by name.
        MOCK.server.expect().post().withPath("/api/v1/namespaces/default/pods/db/eviction")
                .andReturn(429, "{\"kind\":\"Status\",\"code\":429,\"reason\":\"TooManyRequests\","
                        + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\"}").always();
        java.util.concurrent.atomic.AtomicBoolean placed = new java.util.concurrent.atomic.AtomicBoolean();
        MOCK.onRequest(r -> {
            if (r.path().endsWith("/pods/db/eviction") && placed.compareAndSet(false, true)) {
                MOCK.create(pod("default", "pinned", "general-0001", "Running", "ReplicaSet", "100m"));
            }
        });
        NodeGroup g = cluster.read().group("general").orElseThrow();

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", java.time.Instant.MAX);

        assertThat(out.kept()).containsExactly("general-0001");
        assertThat(out.reasons()).anySatisfy(r -> assertThat(r).contains("default/pinned arrived on it while it was being drained"));
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

    /**
     * Every request the function made in this class, as (apiGroup, resource, verb, scope), must be
     * allowed by the Helm chart's RBAC (as it renders), and every rule there must have been used: RBAC with exactly
     * the verbs the adapter needs. Runs last, over the requests of all the tests above.
     */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void rbacGrantsExactlyTheVerbsTheAdapterUses() throws Exception {
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (KubeMock.Seen r : MOCK.everything) {
            if (!r.userAgent().contains("fabric8")) {
                used.add(Rbac.permission(r.method(), r.path()));
            }
        }
        java.util.Set<String> granted = Rbac.granted(new java.io.StringReader(com.vpsie.autoscaler.infra.Chart.template(java.util.Map.of("vpsie.token", "t"))),
                "the chart's RBAC");
        assertThat(used).as("requests the function made").isNotEmpty();
        assertThat(MOCK.everything).filteredOn(r -> !r.userAgent().contains("fabric8"))
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
        assertThat(granted).as("rbac.yaml grants every request made").containsAll(used);
        assertThat(used).as("rbac.yaml grants nothing unused").containsAll(granted);
    }

    private Reconciler secondReplica(String name) {
        return com.vpsie.autoscaler.simulation.ReplicaWiring.start(beans, cluster, vpsie, leases(name, clock), clock);
    }

    private KubernetesLeases leases(String holder, Clock c) {
        return new KubernetesLeases(kubeApi, cluster, kubernetesConfig, () -> Optional.of(holder), c);
    }

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    private double counter(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static List<GenericKubernetesResource> events(String ns) {
        return MOCK.client.genericKubernetesResources("v1", "Event").inNamespace(ns).list().getItems().stream()
                .map(e -> {
                    GenericKubernetesResource r = new GenericKubernetesResource();
                    r.setAdditionalProperties(e.getAdditionalProperties());
                    return r;
                }).toList();
    }

    static String mirrorPod(String ns, String name, String node) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s",
                  "annotations":{"kubernetes.io/config.mirror":"abc"}},
                 "spec":{"nodeName":"%s","containers":[{"name":"c","image":"x"}]},"status":{"phase":"Running"}}"""
                .formatted(name, ns, node);
    }

    public static String nodeGroup(String name, int min, int max, String taints) {
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
