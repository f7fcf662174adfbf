package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.config.KubernetesConfig;
import com.vpsie.autoscaler.port.LockAnswer;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.Reconciler;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.simulation.ReplicaWiring;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micronaut.context.BeanContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.vpsie.autoscaler.cluster.KubeWorld.NS;
import static com.vpsie.autoscaler.cluster.KubeWorld.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group Leases of {@link KubernetesLeases} against the API server stand-in: one holder at a
 * time, respected until it releases the Lease or stops renewing it; of replicas racing for it
 * exactly one wins, because each write is a create or a replace under the Lease's resourceVersion;
 * and so two replicas reconciling one group at once ask VPSie for its missing nodes once.
 */
@AgainstKubeMock
class LeaseRaceTest implements TestPropertyProvider {
    private static final KubeWorld KUBE = new KubeWorld();
    private static final KubeMock MOCK = KUBE.mock;
    private static final int REPLICAS = 6;

    @Inject
    KubeApi kubeApi;
    @Inject
    KubernetesCluster cluster;
    @Inject
    KubernetesConfig kubernetesConfig;
    @Inject
    Clock clock;
    @Inject
    SandboxWorld vpsieWorld;
    @Inject
    JsonMapper json;
    @Inject
    Reconciler reconciler;
    @Inject
    VpsiePort vpsie;
    @Inject
    BeanContext beans;

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
    void aLeaseHeldByAnotherReplicaIsRespectedUntilReleasedOrExpired() {
        KubernetesLeases a = leases("replica-a", clock);
        KubernetesLeases b = leases("replica-b", clock);
        assertThat(a.acquire("general")).isEqualTo(LockAnswer.ACQUIRED);
        assertThat(a.acquire("general")).as("renewal by the holder").isEqualTo(LockAnswer.ACQUIRED);
        assertThat(b.acquire("general")).isEqualTo(LockAnswer.heldBy("replica-a"));
        a.release("general");
        assertThat(b.acquire("general")).isEqualTo(LockAnswer.ACQUIRED);
        // A holder that died: its lease runs out after leaseDuration, then another replica takes over.
        KubernetesLeases later = leases("replica-c", Clock.offset(clock, Duration.ofSeconds(16)));
        assertThat(a.acquire("general")).isEqualTo(LockAnswer.heldBy("replica-b"));
        assertThat(later.acquire("general")).isEqualTo(LockAnswer.ACQUIRED);
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
        List<GenericKubernetesResource> groupEvents = KUBE.events(NS);
        assertThat(groupEvents).anySatisfy(e -> {
            assertThat(e.get("reason").toString()).isEqualTo("ScaledUp");
            assertThat(e.get("message").toString()).contains("added 3 node(s), 1->4");
            assertThat(((Map<?, ?>) e.get("involvedObject")).get("kind")).isEqualTo("NodeGroup");
        });
        assertThat(KUBE.events("default")).filteredOn(e -> "TriggeredScaleUp".equals(e.get("reason")))
                .extracting(e -> (Object) ((Map<?, ?>) e.get("involvedObject")).get("name"))
                .containsExactlyInAnyOrder((Object) "job-0", "job-1", "job-2");
        // Each replica tells a pod at most once per pod-event-interval; between the debounced runs
        // the other replica may hold the Lease and tell it too: one or two, never one per trigger.
        assertThat(KUBE.events("default")).filteredOn(e -> "NotTriggerScaleUp".equals(e.get("reason"))).hasSizeBetween(1, 2)
                .allSatisfy(e -> {
                    assertThat(((Map<?, ?>) e.get("involvedObject")).get("name")).isEqualTo("huge");
                    assertThat(e.get("message").toString()).contains("pod didn't trigger scale-up", "group general");
                });
    }

    /**
     * Replicas that find the Lease missing, or held by a replica that stopped renewing it, all
     * write at once: whatever the interleaving, one write lands and every other replica is told
     * who holds it (a 409 on its create or replace, or a later read of the new holder).
     */
    @ParameterizedTest(name = "lease {0}")
    @ValueSource(strings = {"missing", "expired"})
    void replicasRacingForOneLeaseHaveExactlyOneWinner(String start) throws Exception {
        Clock racing = clock;
        if (start.equals("expired")) {
            assertThat(leases("replica-dead", clock).acquire("general")).isEqualTo(LockAnswer.ACQUIRED);
            racing = Clock.offset(clock, kubernetesConfig.leaseDuration().plusSeconds(1));
        }
        List<KubernetesLeases> replicas = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            replicas.add(leases("replica-" + i, racing));
        }
        ExecutorService pool = Executors.newFixedThreadPool(REPLICAS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<LockAnswer>> answers = new ArrayList<>();
        for (KubernetesLeases r : replicas) {
            answers.add(pool.submit(() -> {
                go.await();
                return r.acquire("general");
            }));
        }
        go.countDown();
        List<String> winners = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            if (answers.get(i).get(30, TimeUnit.SECONDS) instanceof LockAnswer.Acquired) {
                winners.add(replicas.get(i).holder());
            }
        }
        pool.shutdown();

        assertThat(winners).as("replicas told they hold the Lease").hasSize(1);
        GenericKubernetesResource lease = MOCK.client.genericKubernetesResources("coordination.k8s.io/v1", "Lease")
                .inNamespace(KubeWorld.NS).withName("vpsie-autoscaler-general").get();
        assertThat(((Map<?, ?>) lease.getAdditionalProperties().get("spec")).get("holderIdentity")).isEqualTo(winners.get(0));
        for (KubernetesLeases r : replicas) {
            LockAnswer again = r.acquire("general");
            assertThat(again).as("%s asks again", r.holder())
                    .isEqualTo(r.holder().equals(winners.get(0)) ? LockAnswer.ACQUIRED : LockAnswer.heldBy(winners.get(0)));
        }
    }

    /** Every request the Leases made is one the Helm chart's RBAC grants (KubernetesAdapterTest checks that every grant is used). */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyRequestTheLeasesMadeIsGrantedByTheChartsRbac() {
        KUBE.assertEveryRequestGranted();
    }

    private Reconciler secondReplica(String name) {
        return ReplicaWiring.start(beans, cluster, vpsie, leases(name, clock), clock);
    }

    private KubernetesLeases leases(String holder, Clock c) {
        return new KubernetesLeases(kubeApi, cluster, kubernetesConfig, new KubeConnection.InPod(Optional.empty(), Optional.of(holder)), c);
    }
}
