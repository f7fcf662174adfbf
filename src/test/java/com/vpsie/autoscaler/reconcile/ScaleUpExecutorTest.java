package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.sandbox.SandboxWorker;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.sandbox.SimulatorFaults;
import com.vpsie.autoscaler.sandbox.StartWorld;
import com.vpsie.autoscaler.scenario.Scenario;
import com.vpsie.autoscaler.simulation.ReplicaWiring;
import com.vpsie.autoscaler.simulation.VirtualClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link ScaleUpExecutor} as each reconcile hands it the nodes the plan asks for, in replicas
 * wired as in a cluster, over the sandbox's simulated cluster and its VPSie simulator (real HTTP),
 * on the simulation's virtual clock: time moves only when a test moves it. The start world: group
 * "general" of 2-CPU nodes (1..10) with one Ready node, and four pending 1-CPU pods, one of which
 * fits that node; so every plan here asks VPSie for three nodes.
 */
@MicronautTest(environments = {"sandbox", "simulation"})
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "1h")
class ScaleUpExecutorTest {
    private static final String GROUP = "general";
    /** Shorter than autoscaler.reconcile.timeout (10 s), so a Lease can run out within one reconcile. */
    private static final Duration LEASE = Duration.ofSeconds(5);

    @Inject
    ApplicationContext context;
    @Inject
    SandboxWorld world;
    @Inject
    SimulatorFaults faults;
    @Inject
    VirtualClock clock;
    @Inject
    ClusterPort cluster;
    @Inject
    VpsiePort vpsie;
    @Inject
    ReconcileConfig config;
    @Inject
    JsonMapper json;

    private Replicas.Leases leases;

    @BeforeEach
    void fourPendingPods() {
        // A fresh hour for each test: nothing of the test before (request budget, caches, backoffs) is still running.
        clock.advance(Duration.ofHours(1));
        faults.set(SimulatorFaults.Faults.NONE);
        faults.resetCounts();
        StartWorld.load(world, json);
        world.addPods("job", 4, Resources.of(1000, 512L << 20, 1), Map.of());
        leases = new Replicas.Leases(clock, LEASE);
    }

    @AfterEach
    void noFaults() {
        faults.set(SimulatorFaults.Faults.NONE);
    }

    @Test
    void theIntentsInStatusBeforeVpsieIsAskedGetTheWorkersVpsieAdded() {
        List<List<NodeGroup.Provisioning>> atEachAdd = new ArrayList<>();
        Reconciler replica = replica(leases.as("replica-a"), Replicas.addsThrough(vpsie, real -> () -> {
            atEachAdd.add(status().provisioningOrEmpty());
            return real.add();
        }));

        Decision d = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(d.added()).isEqualTo(3);
        assertThat(atEachAdd).as("status at each add: all three intents, none answered yet").hasSize(3)
                .allSatisfy(seen -> assertThat(seen).hasSize(3).noneMatch(NodeGroup.Provisioning::identified));
        NodeGroup.Status st = status();
        assertThat(st.provisioningOrEmpty()).extracting(NodeGroup.Provisioning::id).as("the same intents, answered")
                .containsExactlyInAnyOrderElementsOf(atEachAdd.get(0).stream().map(NodeGroup.Provisioning::id).toList());
        List<SandboxWorker> added = world.workers().stream().filter(w -> !w.nodeName().equals("general-0001")).toList();
        assertThat(added).hasSize(3);
        assertThat(st.provisioningOrEmpty()).extracting(NodeGroup.Provisioning::vpsieNodeId, NodeGroup.Provisioning::hostname)
                .containsExactlyInAnyOrderElementsOf(added.stream().map(w -> tuple(w.identifier(), w.hostname())).toList());
        assertThat(st.desiredNodes()).isEqualTo(4);
        assertThat(world.stats().get("addCalls")).isEqualTo(3);
    }

    /** VPSie gave no answer and lists no new worker: the add may have happened, or may not. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = VpsiePort.Failure.class, names = {"SERVER", "UNREACHABLE"})
    void anAddWhoseOutcomeIsUnknownCountsAsComingUntilTheListingSettles(VpsiePort.Failure failure) {
        AtomicInteger adds = new AtomicInteger();
        Reconciler replica = replica(leases.as("replica-a"), Replicas.addsThrough(vpsie, real -> () -> {
            if (adds.incrementAndGet() == 2) {
                throw new VpsiePort.VpsieException("VPSie add worker: no answer", failure == VpsiePort.Failure.SERVER ? 503 : 0, failure);
            }
            return real.add();
        }));

        Decision first = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(first.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(first.added()).as("the add VPSie answered, and the one it may have carried out").isEqualTo(2);
        assertThat(first.error()).isNotNull();
        assertThat(world.stats().get("addCalls")).isEqualTo(1);
        assertThat(status().provisioningOrEmpty()).hasSize(2).filteredOn(p -> !p.identified()).singleElement()
                .satisfies(p -> assertThat(p.accepted()).as("not known to be accepted").isNull());
        assertThat(status().desiredNodes()).isEqualTo(3);

        // Within vpsie.add-settle-time it is coming: the next reconcile asks only for the intent taken back.
        Decision next = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(next.added()).isEqualTo(1);
        assertThat(world.stats().get("addCalls")).isEqualTo(2);
        assertThat(status().provisioningOrEmpty()).hasSize(3).filteredOn(p -> !p.identified()).hasSize(1);

        // Once the listing is trusted and still shows no worker for it, it did not happen: it leaves, and is asked for again.
        clock.advance(vpsie.addSettleTime().plusSeconds(1));
        Decision settled = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(settled.added()).isEqualTo(1);
        assertThat(world.stats().get("addCalls")).isEqualTo(3);
        assertThat(status().provisioningOrEmpty()).hasSize(3).allMatch(NodeGroup.Provisioning::identified);
    }

    @Test
    void aQuotaRefusalSetsQuotaExceededAndPausesAddsForTheQuotaBackoff() {
        // The account may hold no more workers than it has: the simulator answers as VPSie does, "exceeds the allowed limit".
        faults.set(new SimulatorFaults.Faults(null, null, null, null, null, world.workers().size(), null));
        Reconciler replica = replica(leases.as("replica-a"), vpsie);

        Decision refused = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(refused.action()).isEqualTo(Decision.Action.FAILED);
        assertThat(refused.added()).isZero();
        assertThat(addRequests()).as("asked once, not once per node").isEqualTo(1);
        NodeGroup.Status st = status();
        assertThat(st.condition(AddPause.QUOTA_EXCEEDED)).hasValueSatisfying(c -> assertThat(c.isTrue()).isTrue());
        assertThat(st.provisioningOrEmpty()).as("the intents VPSie refused are taken back").isEmpty();
        assertThat(st.desiredNodes()).isEqualTo(1);

        // The quota is raised, but until quota-backoff has passed the group does not ask.
        faults.set(SimulatorFaults.Faults.NONE);
        clock.advance(config.quotaBackoff().minusMinutes(1));
        Decision paused = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(paused.added()).isZero();
        assertThat(addRequests()).isEqualTo(1);
        assertThat(status().provisioningOrEmpty()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        Decision resumed = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(resumed.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(resumed.added()).isEqualTo(3);
        assertThat(status().condition(AddPause.QUOTA_EXCEEDED)).hasValueSatisfying(c -> assertThat(c.isTrue()).isFalse());
    }

    @Test
    void addsWaitWhileAnotherReplicaHoldsTheAddLockOfTheVpsieCluster() {
        Replicas.Leases.Lease other = leases.as("replica-b");
        String addLock = AddLock.leaseName(world.clusterId());
        assertThat(other.acquire(addLock)).isEqualTo(LockAnswer.ACQUIRED);
        Reconciler replica = replica(leases.as("replica-a"), vpsie);

        Decision waiting = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(waiting.action()).isEqualTo(Decision.Action.NONE);
        assertThat(waiting.added()).isZero();
        assertThat(world.stats().get("addCalls")).isZero();
        assertThat(status().provisioningOrEmpty()).as("no intent written while adds wait").isEmpty();

        other.release(addLock);
        Decision adding = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(adding.added()).isEqualTo(3);
        assertThat(world.stats().get("addCalls")).isEqualTo(3);
    }

    @Test
    void addsWaitWhileAnotherGroupOfTheVpsieClusterHasAnAddNotIdentifiedYet() throws IOException {
        // A second group provisioning in the same VPSie cluster, one of whose adds VPSie does not list yet:
        // a new worker now could be either group's.
        String batch = """
                {"apiVersion":"autoscaler.vpsie.com/v1alpha1","kind":"NodeGroup","metadata":{"name":"batch","namespace":"vpsie-autoscaler"},
                 "spec":{"minNodes":0,"maxNodes":5,"vpsie":{"clusterId":"sandbox-cluster","nodeGroupId":11},
                  "template":{"labels":{"node.vpsie.com/pool":"batch"}}}},""";
        world.load(json.readValue(StartWorld.withNodes(1).replaceFirst("\"nodeGroups\": \\[", "\"nodeGroups\": [" + batch), Scenario.class));
        world.addPods("job", 4, Resources.of(1000, 512L << 20, 1), Map.of("node.vpsie.com/pool", GROUP));
        NodeGroup b = cluster.read().group("batch").orElseThrow();
        NodeGroup.Provisioning unidentified = new NodeGroup.Provisioning("batch-add", clock.instant(), null, null);
        b = cluster.writeStatus(b, b.status().withProvisioning(List.of(unidentified)));
        Reconciler replica = replica(leases.as("replica-a"), vpsie);

        Decision waiting = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(waiting.added()).isZero();
        assertThat(world.stats().get("addCalls")).isZero();
        assertThat(status().provisioningOrEmpty()).isEmpty();

        // Once that add is identified, the new workers can be told apart again.
        cluster.writeStatus(b, b.status().withProvisioning(List.of(new NodeGroup.Provisioning("batch-add", unidentified.requestedAt(),
                "vps-batch-1", "Batch-0001"))));
        Decision adding = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(adding.added()).isEqualTo(3);
        assertThat(world.stats().get("addCalls")).isEqualTo(3);
    }

    @Test
    void aReplicaWhoseLeaseRunsOutWhileVpsieIsSlowStopsAddingAndTakesTheRestBack() {
        GroupLease b = leases.as("replica-b");
        AtomicInteger adds = new AtomicInteger();
        Reconciler replica = replica(leases.as("replica-a"), Replicas.addsThrough(vpsie, real -> () -> {
            VpsiePort.AddedNode added = real.add();
            if (adds.incrementAndGet() == 2) {
                // The second add took longer than the Lease lasts; another replica found it expired and took it.
                clock.advance(LEASE.plusSeconds(1));
                assertThat(b.acquire(GROUP)).isEqualTo(LockAnswer.ACQUIRED);
            }
            return added;
        }));

        Decision d = replica.reconcile(List.of(GROUP), "test").get(0);

        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(d.added()).isEqualTo(2);
        assertThat(d.error()).isNotNull();
        assertThat(world.stats().get("addCalls")).as("no add after the Lease was gone").isEqualTo(2);
        NodeGroup.Status st = status();
        assertThat(st.provisioningOrEmpty()).hasSize(2).allMatch(NodeGroup.Provisioning::identified);
        assertThat(st.desiredNodes()).as("the third intent taken back").isEqualTo(3);
    }

    private Reconciler replica(GroupLease lease, VpsiePort v) {
        return ReplicaWiring.start(context, cluster, v, lease, clock);
    }

    private NodeGroup.Status status() {
        return cluster.read().group(GROUP).orElseThrow().status();
    }

    private int addRequests() {
        return faults.callsPerOperation().getOrDefault("add worker", 0);
    }
}
