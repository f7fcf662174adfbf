package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.scenario.Scenario;
import com.vpsie.autoscaler.simulation.CrashPoint;
import com.vpsie.autoscaler.simulation.ReplicaWiring;
import com.vpsie.autoscaler.simulation.VirtualClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReplacementSteps}: a consolidation carried out one recorded step at a time, in replicas
 * wired as in a cluster over the sandbox's simulated cluster and VPSie simulator, on the virtual
 * clock. The world is infra/scenarios/expensive-consolidated.json: three 8-CPU nodes of "large"
 * (consolidation on), each holding one anti-affine api pod and a small worker pod, which a single
 * 2-CPU node of "small" can take for a quarter of the price. Workers join one minute after their add.
 */
@MicronautTest(environments = {"sandbox", "simulation"})
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "1m")
class ReplacementStepsTest {
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration PROVISION = Duration.ofMinutes(1);

    @Inject
    ApplicationContext context;
    @Inject
    SandboxWorld world;
    @Inject
    VirtualClock clock;
    @Inject
    ClusterPort cluster;
    @Inject
    VpsiePort vpsie;
    @Inject
    JsonMapper json;

    private Replicas.Leases leases;
    /** Each cordon, with the group's new nodes that were Ready and the replacement recorded when it came. */
    private final List<String> cordons = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void threeExpensiveNodes() throws IOException {
        clock.advance(Duration.ofHours(1));
        world.load(json.readValue(Files.readAllBytes(Path.of("infra/scenarios/expensive-consolidated.json")), Scenario.class));
        leases = new Replicas.Leases(clock, LEASE);
        cordons.clear();
    }

    /** VPSie's own word is read before a repair starts: a worker VPSie still makes is not repaired, a running one with a dead kubelet is. */
    @Test
    void aNodeVpsieSaysIsStillBeingMadeIsNotRepaired() throws IOException {
        world.load(json.readValue(Files.readAllBytes(Path.of("infra/scenarios/repair-dead-kubelet.json")), Scenario.class));
        world.kubeletStops("general-0002");
        clock.advance(Duration.ofMinutes(4));
        VpsiePort creating = Replicas.listingThrough(vpsie, nodes -> nodes.stream().map(n -> "General-0002".equalsIgnoreCase(n.hostname())
                ? new VpsiePort.VpsieNode(n.identifier(), n.hostname(), "creating", n.master(), n.cpu(), n.ramMb()) : n).toList());
        Decision held = ReplicaWiring.start(context, cluster, creating, leases.as("replica-a"), clock).reconcile(List.of("general"), "test").get(0);
        assertThat(held.reasons()).anySatisfy(r -> assertThat(r).contains("repair of general-0002 waits: VPSie lists its worker as creating"));
        assertThat(group("general").status().replacement()).isNull();

        ReplicaWiring.start(context, cluster, vpsie, leases.as("replica-a"), clock).reconcile(List.of("general"), "test");
        assertThat(group("general").status().replacement()).as("VPSie lists it running: its kubelet is silent, so it is repaired")
                .isNotNull().satisfies(r -> assertThat(r.reason()).isEqualTo("Unhealthy"));
    }

    private NodeGroup group(String name) {
        return cluster.read().group(name).orElseThrow();
    }

    @Test
    void aConsolidationIsRecordedInStatusBeforeAnyNodeIsAddedForIt() {
        List<NodeGroup.Replacement> atEachAdd = new ArrayList<>();
        Reconciler replica = ReplicaWiring.start(context, cluster, Replicas.addsThrough(vpsie, real -> () -> {
            atEachAdd.add(replacement());
            return real.add();
        }), leases.as("replica-a"), clock);

        Decision started = replica.reconcile(List.of("large"), "test").get(0);

        assertThat(started.action()).isEqualTo(Decision.Action.NONE);
        assertThat(started.removed()).isZero();
        NodeGroup.Replacement recorded = replacement();
        assertThat(recorded).isNotNull();
        assertThat(recorded.step()).isEqualTo(NodeGroup.ReplacementStep.ADDING);
        assertThat(recorded.byGroup()).isEqualTo("small");
        assertThat(recorded.nodes()).singleElement().satisfies(n -> assertThat(n).startsWith("large-"));
        assertThat(recorded.newNodes()).isEqualTo(1);
        assertThat(world.stats().get("addCalls")).as("nothing added by the replaced group's reconcile").isZero();
        assertThat(world.view().nodes()).hasSize(3).noneMatch(Node::unschedulable);

        // The new group's reconcile adds them: the recorded replacement is its floor.
        Decision added = replica.reconcile(List.of("small"), "test").get(0);

        assertThat(added.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(added.added()).isEqualTo(recorded.newNodes());
        assertThat(atEachAdd).as("the replacement as status held it at each add").singleElement().isEqualTo(recorded);
    }

    @Test
    void theOldNodesAreDrainedOnlyOnceTheNewNodesAreReadyAndThePodsStillHaveAPlace() {
        Reconciler replica = replica("replica-a", (method, args) -> { });
        replica.reconcile(List.of("large"), "test");
        NodeGroup.Replacement recorded = replacement();
        replica.reconcile(List.of("small"), "test");

        // Asked for, not joined yet: the old node stays as it is.
        clock.advance(PROVISION.minusSeconds(10));
        world.joinDue();
        Decision waiting = replica.reconcile(List.of("large"), "test").get(0);

        assertThat(waiting.removed()).isZero();
        assertThat(cordons).isEmpty();
        assertThat(replacement()).isEqualTo(recorded);

        clock.advance(Duration.ofSeconds(10));
        assertThat(world.joinDue()).hasSize(1);
        replica.reconcile(List.of("small"), "test");
        Decision drained = replica.reconcile(List.of("large"), "test").get(0);

        assertThat(drained.action()).isEqualTo(Decision.Action.SCALE_DOWN);
        assertThat(drained.removed()).isEqualTo(1);
        assertThat(cordons).as("cordoned once, with the new node Ready and the drain step recorded")
                .containsExactly(recorded.nodes().get(0) + " cordoned; new Ready nodes 1; step DRAINING");
        assertThat(world.view().nodes()).extracting(Node::name).doesNotContain(recorded.nodes().get(0)).hasSize(3);
        assertThat(world.stats().get("removeCalls")).isEqualTo(1);
        assertThat(replacement()).as("done").isNull();
    }

    @Test
    void whenThePodsNoLongerFitOnceTheNewNodesAreReadyTheReplacementIsAbandonedAndTheOldNodesStay() {
        Reconciler replica = replica("replica-a", (method, args) -> { });
        replica.reconcile(List.of("large"), "test");
        String replaced = replacement().nodes().get(0);
        replica.reconcile(List.of("small"), "test");
        clock.advance(PROVISION);
        assertThat(world.joinDue()).hasSize(1);
        replica.reconcile(List.of("small"), "test");
        // Meanwhile a pod takes most of the new node: the api pod of the replaced node would no longer fit there.
        world.addPods("cache", 1, Resources.of(1500, 1L << 30, 1), Map.of("node.vpsie.com/pool", "small"), "ReplicaSet");
        assertThat(world.schedule()).as("the cache pod is placed on the new node").isEmpty();

        Decision checked = replica.reconcile(List.of("large"), "test").get(0);

        assertThat(checked.removed()).isZero();
        assertThat(cordons).isEmpty();
        assertThat(replacement()).as("abandoned").isNull();
        assertThat(world.view().nodes()).filteredOn(n -> n.name().equals(replaced)).singleElement()
                .satisfies(n -> assertThat(n.acceptsPods()).isTrue());
        assertThat(world.stats().get("removeCalls")).isZero();
    }

    /**
     * A replica dies right after a step is recorded (at the simulation's crash points); another
     * replica, with nothing of the first in memory, goes on from status once the dead one's Lease
     * has run out: the same node replaced, by the one node asked for, each step taken once.
     */
    @ParameterizedTest(name = "dies at {0}")
    @EnumSource(value = CrashPoint.class, names = {"REPLACEMENT_RECORDED", "REPLACEMENT_DRAINING"})
    void aReplicaThatDiesAfterAStepIsSucceededByOneThatGoesOnFromStatus(CrashPoint at) {
        Replicas.Leases.Lease firstLease = leases.as("replica-a");
        Reconciler first = ReplicaWiring.start(context, Replicas.watched(cluster, (method, args) -> {
            watch(method, args);
            if (method.equals("writeStatus") && reached(at, (NodeGroup) args[0], (NodeGroup.Status) args[1])) {
                firstLease.die();
                throw new Replicas.Died("at " + at);
            }
        }), vpsie, firstLease, clock);
        Reconciler second = replica("replica-b", (method, args) -> { });
        List<NodeGroup.Replacement> seen = new ArrayList<>();
        Reconciler current = first;
        int deaths = 0;
        for (int round = 0; round < 10 && (deaths == 0 || replacement() != null); round++) {
            for (String group : List.of("large", "small")) {
                try {
                    current.reconcile(List.of(group), "heartbeat");
                } catch (Replicas.Died died) {
                    deaths++;
                    current = second;
                }
                seen.add(replacement());
            }
            clock.advance(Duration.ofSeconds(30));
            world.joinDue();
            world.schedule();
        }

        assertThat(deaths).isEqualTo(1);
        List<NodeGroup.Replacement> recorded = seen.stream().filter(Objects::nonNull).toList();
        NodeGroup.Replacement asStarted = recorded.isEmpty() ? null : recorded.get(0).at(NodeGroup.ReplacementStep.ADDING);
        assertThat(recorded).as("one replacement, carried on as first recorded").isNotEmpty()
                .allSatisfy(r -> assertThat(r.at(NodeGroup.ReplacementStep.ADDING)).isEqualTo(asStarted));
        String replaced = recorded.get(0).nodes().get(0);
        assertThat(replacement()).as("finished").isNull();
        assertThat(world.view().nodes()).extracting(Node::name).doesNotContain(replaced).hasSize(3);
        assertThat(world.view().nodes()).filteredOn(n -> "small".equals(n.nodeGroup())).hasSize(1);
        assertThat(world.stats().get("addCalls")).as("the new node asked for once").isEqualTo(1);
        assertThat(world.stats().get("removeCalls")).isEqualTo(1);
        assertThat(cordons).as("the replaced node cordoned once").singleElement().satisfies(c -> assertThat(c).startsWith(replaced + " "));
    }

    /** Whether this status write is the step the replica dies after, as the simulation's CrashingPorts tells them. */
    private static boolean reached(CrashPoint at, NodeGroup before, NodeGroup.Status after) {
        NodeGroup.Replacement was = before.status().replacement();
        NodeGroup.Replacement is = after.replacement();
        return switch (at) {
            case REPLACEMENT_RECORDED -> was == null && is != null;
            case REPLACEMENT_DRAINING -> is != null && is.step() == NodeGroup.ReplacementStep.DRAINING
                    && (was == null || was.step() != NodeGroup.ReplacementStep.DRAINING);
            default -> throw new IllegalArgumentException(at.name());
        };
    }

    private Reconciler replica(String holder, BiConsumer<String, Object[]> also) {
        return ReplicaWiring.start(context, Replicas.watched(cluster, (method, args) -> {
            watch(method, args);
            also.accept(method, args);
        }), vpsie, leases.as(holder), clock);
    }

    /** At each cordon: the node, how many nodes of the new group (outside its baseline) were Ready, and the step recorded. */
    private void watch(String method, Object[] args) {
        if (method.equals("setUnschedulable") && Boolean.TRUE.equals(args[1])) {
            NodeGroup.Replacement r = replacement();
            long ready = r == null ? 0 : world.view().nodes().stream()
                    .filter(n -> r.byGroup().equals(n.nodeGroup()) && n.ready() && !r.baselineOrEmpty().contains(n.name())).count();
            cordons.add(args[0] + " cordoned; new Ready nodes " + ready + "; step " + (r == null ? null : r.step()));
        }
    }

    private NodeGroup.Replacement replacement() {
        return cluster.read().group("large").orElseThrow().status().replacement();
    }
}
