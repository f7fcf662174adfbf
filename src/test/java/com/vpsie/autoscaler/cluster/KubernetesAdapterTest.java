package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.config.KubernetesConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.Drainer;
import com.vpsie.autoscaler.reconcile.GroupQueries;
import com.vpsie.autoscaler.reconcile.GroupStatus;
import com.vpsie.autoscaler.reconcile.Reconciler;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.fabric8.kubernetes.api.model.Taint;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.cluster.KubeWorld.NS;
import static com.vpsie.autoscaler.cluster.KubeWorld.node;
import static com.vpsie.autoscaler.cluster.KubeWorld.nodeGroup;
import static com.vpsie.autoscaler.cluster.KubeWorld.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes adapter on the wire (the JSON it reads and writes, its field selectors, conflicts,
 * 410 and 429, the Events it writes, what the stand-in refuses, the RBAC it needs) and the
 * reconcile steps that meet the API server most, against fabric8's API server mock in CRUD mode
 * over real HTTP, with the VPSie simulator of the sandbox behind the VPSie client. Drains, garbage
 * collection and Leases have their own classes: {@code reconcile.DrainerTest},
 * {@code reconcile.GarbageCollectorTest}, {@link LeaseRaceTest}.
 */
@AgainstKubeMock
class KubernetesAdapterTest implements TestPropertyProvider {
    private static final KubeWorld KUBE = new KubeWorld();
    private static final KubeMock MOCK = KUBE.mock;

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
    Clock clock;
    @Inject
    GroupQueries queries;

    @Override
    public Map<String, String> getProperties() {
        return KUBE.properties();
    }

    @AfterAll
    void stop() {
        KUBE.close();
    }

    @BeforeEach
    void freshWorld() {
        KUBE.fresh(vpsieWorld, json);
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
    void aWorkerThatNeverJoinsIsDroppedFromStatusWithAProvisionTimeoutEvent() {
        NodeGroup g = cluster.read().group("general").orElseThrow();
        cluster.writeStatus(g, g.status().withProvisioning(List.of(
                new NodeGroup.Provisioning("i-old", Instant.now().minus(Duration.ofMinutes(20)), "vps-9", "general-0009"))));

        reconciler.reconcile(List.of("general"), "heartbeat");

        assertThat(cluster.read().group("general").orElseThrow().status().provisioningOrEmpty()).isEmpty();
        assertThat(KUBE.events(NS)).anySatisfy(e -> {
            assertThat(e.get("reason").toString()).isEqualTo("ProvisionTimeout");
            assertThat(e.get("type").toString()).isEqualTo("Warning");
        });
        assertThat(vpsieWorld.stats().get("removeCalls")).as("the worker that never joined is removed from VPSie").isEqualTo(1);
        NodeGroup.ScaleUpBackoff backoff = cluster.read().group("general").orElseThrow().status().scaleUpBackoff();
        assertThat(backoff.failures()).isEqualTo(1);
        assertThat(backoff.until()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));

        // While backing off, pods that need a node do not make the group add one.
        MOCK.create(pod("default", "waiting", null, "Pending", "ReplicaSet", "1500m"));
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "1500m"));
        Decision d = reconciler.reconcile(List.of("general"), "heartbeat").get(0);
        assertThat(d.added()).isZero();
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("provision timeout(s) in a row; backing off until"));
        assertThat(vpsieWorld.stats().get("addCalls")).isZero();
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
    /** The AutoscalerPolicy is read with the cluster (none is none), and its limits hold the plan: here one node, which runs already. */
    @Test
    void theAutoscalerPolicyIsReadAndItsLimitHoldsTheScaleUp() {
        assertThat(cluster.read().policy()).as("no policy: none").isNull();
        MOCK.create(pod("default", "waiting", null, "Pending", "ReplicaSet", "1500m"));
        MOCK.create(pod("default", "web", "general-0001", "Running", "ReplicaSet", "1500m"));
        MOCK.create("""
                {"apiVersion":"autoscaler.vpsie.com/v1alpha1","kind":"AutoscalerPolicy","metadata":{"name":"default","namespace":"%s"},
                 "spec":{"limits":{"nodes":1}}}""".formatted(NS));
        assertThat(cluster.read().policy()).isNotNull().satisfies(p -> assertThat(p.spec().limits().nodes()).isEqualTo(1));

        Decision d = reconciler.reconcile(List.of("general"), "test").get(0);

        assertThat(d.added()).isZero();
        assertThat(queries.livePlan().plan().unschedulablePods()).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("AutoscalerPolicy spec.limits.nodes 1 node(s) reached"));
        assertThat(vpsieWorld.stats().get("addCalls")).isZero();
        assertThat(KUBE.events(NS)).as("a Warning on the policy names the limit").anySatisfy(e -> {
            assertThat(e.get("reason").toString()).isEqualTo("LimitReached");
            assertThat(e.get("message").toString()).isEqualTo("1 pending pod(s) held back by limits.nodes (GET /v1/plan says how far each limit is used)");
            assertThat(e.get("involvedObject").toString()).contains("kind=AutoscalerPolicy").contains("name=default");
        });
        MOCK.client.genericKubernetesResources(KubeMock.POLICIES).inNamespace(NS).withName("default").delete();
    }

    /** A group on demand on the wire: created by name once, its VPSie id put in its spec under resourceVersion, deleted; all within the chart's RBAC. */
    @Test
    void aGroupOnDemandIsCreatedOnceGivenItsIdAndDeleted() {
        NodeGroup.Spec spec = new NodeGroup.Spec(0, 100, new NodeGroup.VpsieRef("sandbox-cluster", null, 103L),
                new NodeGroup.Template(Map.of("autoscaler.vpsie.com/size", "k8s-8c-16g"), null, null), null, null, null, null, null, null, null, null, null);
        NodeGroup made = new NodeGroup("auto-k8s-8c-16g", NS, null, spec, NodeGroup.Status.EMPTY);
        assertThat(cluster.createNodeGroup(made)).isTrue();
        assertThat(cluster.createNodeGroup(made)).as("a second create by name: there already").isFalse();
        NodeGroup read = cluster.read().group("auto-k8s-8c-16g").orElseThrow();
        assertThat(read.spec().vpsie().sizeId()).isEqualTo(103L);
        NodeGroup written = cluster.writeSpec(read, new NodeGroup.Spec(0, 100, new NodeGroup.VpsieRef("sandbox-cluster", 12L, 103L),
                read.spec().template(), null, null, null, null, null, null, null, null, null));
        assertThat(written.spec().vpsie().nodeGroupId()).isEqualTo(12L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.writeSpec(read, read.spec()))
                .as("written from an older resourceVersion").isInstanceOf(com.vpsie.autoscaler.port.ClusterPort.StatusConflict.class);
        cluster.deleteNodeGroup(written);
        cluster.deleteNodeGroup(written);
        assertThat(cluster.read().group("auto-k8s-8c-16g")).isEmpty();
        KUBE.assertEveryRequestGranted();
    }

    @Test
    void aJoinedNodeCarriesTheRecordOfWhatTheGroupPutThere() {
        MOCK.client.genericKubernetesResources(KubeMock.NODE_GROUPS).inNamespace(NS).withName("general").delete();
        MOCK.create(nodeGroup("general", 1, 5, "{\"key\":\"dedicated\",\"value\":\"batch\",\"effect\":\"NoSchedule\"}"));
        NodeGroup g = cluster.read().group("general").orElseThrow();
        cluster.writeStatus(g, g.status().withProvisioning(List.of(
                new NodeGroup.Provisioning("i-1", Instant.now(), "vps-42", "general-0042"))));
        MOCK.create(node("general-0042", "", "", false));

        reconciler.reconcile(List.of("general"), "test");

        assertThat(MOCK.client.nodes().withName("general-0042").get().getMetadata().getAnnotations())
                .containsEntry("autoscaler.vpsie.com/group-labels", "node.vpsie.com/pool=general")
                .containsEntry("autoscaler.vpsie.com/group-taints", "dedicated=batch:NoSchedule");
    }

    /**
     * The template gained a label and lost a taint while the node ran: the label is set and the
     * taint the group put there removed, in place; a label and a taint others added stay.
     */
    @Test
    void aDriftedNodeIsMendedInPlaceAndWhatOthersAddedStays() {
        MOCK.client.genericKubernetesResources(KubeMock.NODE_GROUPS).inNamespace(NS).withName("general").delete();
        MOCK.create(nodeGroup("general", 1, 5, "").replace("\"node.vpsie.com/pool\":\"general\"", "\"node.vpsie.com/pool\":\"general\",\"tier\":\"web\""));
        MOCK.client.nodes().withName("general-0001").delete();
        MOCK.create(node("general-0001", "\"autoscaler.vpsie.com/nodegroup\":\"general\",\"node.vpsie.com/pool\":\"general\",\"team\":\"payments\"",
                "{\"key\":\"dedicated\",\"value\":\"batch\",\"effect\":\"NoSchedule\"},{\"key\":\"theirs\",\"effect\":\"PreferNoSchedule\"}", false)
                .replace("\"labels\":", "\"annotations\":{\"autoscaler.vpsie.com/group-labels\":\"node.vpsie.com/pool=general\","
                        + "\"autoscaler.vpsie.com/group-taints\":\"dedicated=batch:NoSchedule\"},\"labels\":"));

        reconciler.reconcile(List.of("general"), "test");

        io.fabric8.kubernetes.api.model.Node mended = MOCK.client.nodes().withName("general-0001").get();
        assertThat(mended.getMetadata().getLabels()).containsEntry("tier", "web").containsEntry("team", "payments");
        assertThat(mended.getSpec().getTaints()).extracting(Taint::getKey).containsExactly("theirs");
        assertThat(mended.getMetadata().getAnnotations()).containsEntry("autoscaler.vpsie.com/group-labels", "node.vpsie.com/pool=general,tier=web")
                .containsEntry("autoscaler.vpsie.com/group-taints", "");
        assertThat(KUBE.events("default")).as("a node's Events are cluster-scoped, in default").anySatisfy(e -> {
            assertThat(e.get("reason").toString()).isEqualTo("Drifted");
            assertThat(e.get("message").toString()).startsWith("LABELS,TAINTS: mended in place");
        });
        reconciler.reconcile(List.of("general"), "again");
        assertThat(MOCK.seen("PUT", "/api/v1/nodes/general-0001")).as("mended once, then it is current").hasSize(1);
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

        assertThat(d.get(0).outcome()).isEqualTo(Decision.Outcome.INVALID_SPEC);
        assertThat(d.get(0).error()).contains("spec.template.labels['pool']", "has spaces");
        assertThat(d.get(1).action()).as("the other group goes on: %s", d.get(1)).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(cluster.read().group("broken").orElseThrow().status().condition("SpecValid")).get()
                .satisfies(c -> assertThat(c.status()).isEqualTo("False"));
        assertThat(KUBE.events(NS)).filteredOn(e -> "InvalidSpec".equals(e.get("reason").toString())).hasSize(1);
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
        assertThat(KUBE.events("default")).filteredOn(e -> "TriggeredScaleUp".equals(e.get("reason").toString())
                        && "ungated".equals(((Map<?, ?>) e.get("involvedObject")).get("name"))).isNotEmpty()
                .allSatisfy(e -> assertThat(((Map<?, ?>) e.get("involvedObject")).get("uid")).isEqualTo(podUid));
        assertThat(KUBE.events(NS)).filteredOn(e -> "ScaledUp".equals(e.get("reason").toString())).isNotEmpty()
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

        assertThat(view.nodes()).extracting(Node::name).as("the whole list, read again").contains("general-0001");
        assertThat(view.group("general")).isPresent();
    }
    @Test
    void theStandInRefusesWhatARealApiServerRefusesAndTheAdapterSaysSo() {
        // Node validation: a label value with a space, two taints with one key and effect.
        assertThatThrownBy(() -> cluster.editNode("general-0001", com.vpsie.autoscaler.port.NodeEdit.adding(Map.of("pool", "has spaces"), List.of(), Map.of())))
                .isInstanceOfSatisfying(KubeApi.Failure.class, f -> {
                    assertThat(f.code()).isEqualTo(422);
                    assertThat(f.getMessage()).contains("metadata.labels");
                });
        io.fabric8.kubernetes.api.model.Node twice = MOCK.client.nodes().withName("general-0001").get();
        twice.getSpec().setTaints(List.of(new Taint("NoSchedule", "k", null, null),
                new Taint("NoSchedule", "k", null, "v")));
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

        assertThat(cluster.evict("default", "db-0")).isEqualTo(ClusterPort.Eviction.EVICTED);
        assertThat(cluster.evict("default", "db-1")).as("the budget is spent").isEqualTo(ClusterPort.Eviction.BLOCKED);
        assertThat(cluster.evict("default", "db-0")).as("already gone").isEqualTo(ClusterPort.Eviction.GONE);
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

        Drainer.Outcome out = drainer.drain(g, List.of("general-0001"), "test", Instant.MAX);

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
        assertThat(KUBE.events(NS)).filteredOn(e -> "NodeUpdateRefused".equals(e.get("reason").toString())).hasSize(1);
    }
    @Test
    void aRepeatedEventRaisesTheCountOfTheFirstInsteadOfWritingAnother() {
        NodeGroup g = cluster.read().group("general").orElseThrow();
        for (int i = 0; i < 3; i++) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning,
                    "Repeated", "the same thing again"));
        }
        assertThat(KUBE.events(NS)).filteredOn(e -> "Repeated".equals(e.get("reason").toString())).singleElement()
                .satisfies(e -> assertThat(((Number) e.get("count")).intValue()).isEqualTo(3));
    }
    /**
     * Every request the function made in this class, as (apiGroup, resource, verb, scope), must be
     * allowed by the Helm chart's RBAC (as it renders), and every rule there must have been used: RBAC with exactly
     * the verbs the adapter needs. Runs last, over the requests of all the tests above. The classes that moved
     * drains, garbage collection and Leases out of here check their own requests the same way.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void rbacGrantsExactlyTheVerbsTheAdapterUses() {
        KUBE.assertEveryRequestGranted();
        assertThat(KUBE.permissionsUsed()).as("rbac.yaml grants nothing unused").containsAll(KubeWorld.granted());
    }
}
