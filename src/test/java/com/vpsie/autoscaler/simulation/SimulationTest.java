package com.vpsie.autoscaler.simulation;

import com.vpsie.autoscaler.sandbox.SandboxWorker;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.scenario.Scenario;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler under fire, through the simulation harness: the real reconciler (as one or more
 * replicas) against the simulated cluster and VPSie on a virtual clock, with the scenarios shipped
 * in infra/scenarios. The sandbox has no PodDisruptionBudgets; the Kubernetes adapter's tests
 * cover those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulationTest {
    private ApplicationContext context;
    private JsonMapper json;

    @BeforeAll
    void start() {
        context = com.vpsie.autoscaler.sandbox.SandboxContexts.start(SimulationHarness.contextProperties(), "simulation");
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void aStormOf100ConcurrentDeliveriesAddsExactlyTheNodesThePlanNeeds() throws IOException {
        Report r = run("storm", spec -> spec);
        assertThat(stats("addCalls")).as("10 one-CPU pods, one fits the existing node").isEqualTo(9);
        assertThat(r.extraNodes()).isZero();
        assertThat(r.maxNodes()).isEqualTo(10);
        assertThat(r.pendingPodsAtEnd()).isZero();
    }

    @Test
    void fourReplicasHitByTheSameStormAddNoExtraNodes() throws IOException {
        Report r = run("replicas", spec -> spec);
        assertThat(stats("addCalls")).isEqualTo(9);
        assertThat(stats("duplicateAdds")).isZero();
        assertThat(r.extraNodes()).isZero();
        assertThat(r.maxNodes()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(value = CrashPoint.class, names = {"STATUS_WRITTEN", "VPSIE_CALLED", "RESPONSE_LOST"})
    void aCrashAtAnyStepOfAScaleUpConvergesWithoutOrphansOrDuplicates(CrashPoint at) throws IOException {
        // The storm's world, with a heartbeat and FailedScheduling reports so that a new replica looks again.
        Report r = run("storm", spec -> withCrash(withTriggers(spec), at, 0));
        assertThat(r.crashes()).as("the crash happened").isEqualTo(1);
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(r.finalNodes()).isEqualTo(10);
        assertThat(r.orphanWorkersAtEnd()).isEmpty();
        assertThat(r.extraNodes()).isZero();
        assertThat(stats("duplicateAdds")).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = CrashPoint.class, names = {"CORDONED", "HALF_EVICTED", "VPSIE_REMOVED", "NODE_DELETED"})
    void aCrashAtAnyStepOfAScaleDownConvergesWithNothingLeftCordoned(CrashPoint at) throws IOException {
        SimulationHarness sim = new SimulationHarness(context);
        Report r = run(sim, "crash-during-drain", spec -> withCrash(spec, at, 0));
        assertThat(r.crashes()).isEqualTo(1);
        assertThat(r.cordonedAtEnd()).as("no node stays cordoned").isEmpty();
        assertThat(r.orphanWorkersAtEnd()).as("no VPSie worker without a node").isEmpty();
        assertThat(r.finalNodes()).as("down to the group's floor").isEqualTo(1);
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(sim.samples()).isNotEmpty().allSatisfy(s -> assertThat(s.nodes()).as("never below min").isGreaterThanOrEqualTo(1));
    }

    /** Three 8-CPU nodes left holding one anti-affine replica each: with consolidation each is replaced by a 2-CPU node. */
    @Test
    void consolidationReplacesExpensiveNodesOneAtATimeWithNoPodLeftWaiting() throws IOException {
        SimulationHarness sim = new SimulationHarness(context);
        Report before = run("expensive-after-burst", spec -> spec);
        Report after = run(sim, "expensive-consolidated", spec -> spec);
        assertThat(before.finalNodes()).as("scale-down alone removes none").isEqualTo(3);
        assertThat(groupsOfNodes()).as("every large node replaced by a small one").containsExactly("small", "small", "small");
        assertThat(after.cost()).as("cost against %.4f without consolidation", before.cost()).isLessThan(before.cost() * 0.5);
        assertThat(after.maxNodes()).as("one replacement at a time: never more than one node extra").isLessThanOrEqualTo(4);
        assertThat(sim.samples()).isNotEmpty().allSatisfy(s -> assertThat(s.pendingPods()).as("no pod waits (at %ss)", s.seconds()).isZero());
        assertThat(after.cordonedAtEnd()).isEmpty();
        assertThat(context.getBean(SandboxWorld.class).view().nodeGroups()).as("large and small").hasSize(2)
                .allSatisfy(g -> assertThat(g.status().replacement()).isNull());
    }

    /**
     * Each run starts its virtual clock again at the same instant: for the VPSie client that is a
     * clock stepped back, and what it read late in the run before (another world's groups and
     * sizes) must not be served as fresh for the rest of the TTL.
     */
    @Test
    void aClockSteppedBackDoesNotKeepVpsieAnswersPastTheirTtl() throws IOException {
        run("morning-peak-scheduled", spec -> spec);
        Report after = run("expensive-consolidated", spec -> spec);
        assertThat(groupsOfNodes()).as("consolidated with this world's groups and prices").containsExactly("small", "small", "small");
        assertThat(after.cost()).isLessThan(0.1);
    }

    @ParameterizedTest
    @EnumSource(value = CrashPoint.class, names = {"REPLACEMENT_RECORDED", "REPLACEMENT_DRAINING", "CORDONED", "HALF_EVICTED", "VPSIE_REMOVED",
            "NODE_DELETED"})
    void aCrashAtAnyStepOfAConsolidationConverges(CrashPoint at) throws IOException {
        SimulationHarness sim = new SimulationHarness(context);
        Report r = run(sim, "expensive-consolidated", spec -> withCrash(spec, at, 0));
        assertThat(r.crashes()).as("the crash happened").isEqualTo(1);
        assertThat(groupsOfNodes()).as("every large node replaced by a small one").containsExactly("small", "small", "small");
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(r.cordonedAtEnd()).as("no node stays cordoned").isEmpty();
        assertThat(r.orphanWorkersAtEnd()).as("no VPSie worker without a node").isEmpty();
        assertThat(r.extraNodes()).isZero();
        assertThat(context.getBean(SandboxWorld.class).view().nodeGroups()).as("large and small").hasSize(2)
                .allSatisfy(g -> assertThat(g.status().replacement()).isNull());
    }

    /** A dead kubelet's repair, with the instance dying at each of its steps: the next one goes on from status and converges. */
    @ParameterizedTest
    @EnumSource(value = CrashPoint.class, names = {"REPLACEMENT_RECORDED", "REPLACEMENT_DRAINING", "CORDONED", "HALF_EVICTED", "VPSIE_REMOVED",
            "NODE_DELETED"})
    void aCrashAtAnyStepOfARepairConverges(CrashPoint at) throws IOException {
        SimulationHarness sim = new SimulationHarness(context);
        Report r = run(sim, "repair-dead-kubelet", spec -> withCrash(spec, at, 0));
        assertThat(r.crashes()).as("the crash happened").isEqualTo(1);
        assertThat(r.finalNodes()).isEqualTo(3);
        assertThat(context.getBean(SandboxWorld.class).view().nodes()).as("three Ready nodes, the dead one gone").hasSize(3)
                .allSatisfy(n -> assertThat(n.ready()).isTrue());
        assertThat(r.cordonedAtEnd()).as("no node stays cordoned").isEmpty();
        assertThat(r.orphanWorkersAtEnd()).as("no VPSie worker without a node").isEmpty();
        assertThat(r.extraNodes()).isZero();
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(context.getBean(SandboxWorld.class).view().nodeGroups()).singleElement()
                .satisfies(g -> assertThat(g.status().replacement()).as("no repair left in status").isNull());
    }

    /** A drift roll, with the instance dying at each step of the first replacement: the next one goes on from status and converges. */
    @ParameterizedTest
    @EnumSource(value = CrashPoint.class, names = {"REPLACEMENT_RECORDED", "REPLACEMENT_DRAINING", "CORDONED", "HALF_EVICTED", "VPSIE_REMOVED",
            "NODE_DELETED"})
    void aCrashAtAnyStepOfADriftReplacementConverges(CrashPoint at) throws IOException {
        SimulationHarness sim = new SimulationHarness(context);
        Report r = run(sim, "drift-roll", spec -> withCrash(spec, at, 0));
        assertThat(r.crashes()).as("the crash happened").isEqualTo(1);
        assertRolled(r);
    }

    /** VPSie's group gets the 4-CPU size while five 2-CPU nodes run: they are replaced one at a time under a budget of 1, no pod lost. */
    @Test
    void aGroupGivenANewSizeRollsItsNodesOneAtATime() throws IOException {
        Report r = run("drift-roll", spec -> spec);
        assertRolled(r);
        assertThat(r.mostRemovedAtOnce()).as("the Drifted budget of 1").isEqualTo(1);
        assertThat(r.maxNodes()).as("one new node at a time beside the five").isEqualTo(6);
    }

    /** Five nodes past spec.expireAfter: replaced one at a time under a budget of 1, oldest first, no pod lost. */
    @Test
    void nodesPastTheirExpiryAreReplacedOneAtATime() throws IOException {
        Report r = run("expiry-roll", spec -> spec);
        SandboxWorld world = context.getBean(SandboxWorld.class);
        assertThat(world.view().nodes()).as("five nodes, all made during the run").hasSize(5)
                .allSatisfy(n -> assertThat(n.origin().created()).as(n.name()).isAfterOrEqualTo(VirtualClock.EPOCH));
        assertThat(r.mostRemovedAtOnce()).as("the Expired budget of 1").isEqualTo(1);
        assertThat(r.maxNodes()).isEqualTo(6);
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(world.view().pods()).as("no pod lost").hasSize(10);
        assertThat(r.orphanWorkersAtEnd()).isEmpty();
        assertThat(r.extraNodes()).isZero();
    }

    /**
     * A burst of pods no group can host gets a group of the cheapest size that holds them: its NodeGroup, then its VPSie
     * group, then its nodes; after the burst and its emptyTtl the group is deleted, in VPSie first.
     */
    @Test
    void aBurstNoGroupCanHostGetsAGroupOnDemandWhichGoesOnceEmpty() throws IOException {
        Report r = run("new-group-burst", spec -> spec);
        assertCreatedOnceAndGone(r);
        assertThat(r.maxNodes()).as("three 2-CPU nodes and three 8-CPU ones").isEqualTo(6);
    }

    /** The same under 30% server errors and lost answers: still one VPSie group, no leaked worker, deleted at the end. */
    @Test
    void aGroupOnDemandIsMadeOnceUnderServerErrorsAndLostAnswers() throws IOException {
        Report r = run("new-group-burst", spec -> {
            List<SimulationSpec.Step> steps = new ArrayList<>(spec.steps());
            steps.add(new SimulationSpec.Step("0s", null, null, null, new com.vpsie.autoscaler.sandbox.SimulatorFaults.Faults(0.3, null, null, null,
                    0.3, null, null), null));
            return new SimulationSpec(spec.simulation(), steps);
        });
        assertCreatedOnceAndGone(r);
    }

    private void assertCreatedOnceAndGone(Report r) {
        SandboxWorld world = context.getBean(SandboxWorld.class);
        assertThat(stats("groupsCreated")).as("one VPSie group made, never two").isEqualTo(1);
        assertThat(world.vpsieGroups()).as("deleted in VPSie once empty").extracting(g -> g.groupName()).containsExactly("general");
        assertThat(world.view().nodeGroups()).as("and its NodeGroup").extracting(g -> g.name()).containsExactly("general");
        assertThat(r.orphanWorkersAtEnd()).isEmpty();
        assertThat(stats("leakedWorkers")).isZero();
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(r.finalNodes()).isEqualTo(3);
    }

    /** The template's labels edited while nodes run: each node is mended in place, none replaced, labels others put there kept. */
    @Test
    void aTemplateEditedWhileNodesRunIsMendedInPlace() throws IOException {
        Report r = run("drift-labels", spec -> spec);
        SandboxWorld world = context.getBean(SandboxWorld.class);
        assertThat(world.view().nodes()).extracting(n -> n.name()).containsExactly("general-0001", "general-0002", "general-0003");
        assertThat(world.view().nodes()).hasSize(3).allSatisfy(n -> {
            assertThat(n.labels()).containsEntry("tier", "web").doesNotContainKey("node.vpsie.com/pool")
                    .containsEntry("kubernetes.io/hostname", n.name()).containsEntry("autoscaler.vpsie.com/nodegroup", "general");
            assertThat(n.annotations()).containsEntry("autoscaler.vpsie.com/group-labels", "tier=web");
        });
        assertThat(stats("addCalls")).isZero();
        assertThat(stats("removeCalls")).isZero();
        assertThat(r.maxNodes()).isEqualTo(3);
        assertThat(world.view().nodeGroups()).singleElement().satisfies(g -> assertThat(g.status().condition("NodesDrifted")).get()
                .satisfies(c -> assertThat(c.status()).as("mended: no node differs any more").isEqualTo("False")));
    }

    private void assertRolled(Report r) {
        SandboxWorld world = context.getBean(SandboxWorld.class);
        assertThat(world.view().nodes()).as("five nodes, all of the new size").hasSize(5)
                .allSatisfy(n -> assertThat(n.origin().cpuMillis()).as(n.name()).isEqualTo(4000));
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(world.view().pods()).as("no pod lost").hasSize(10);
        assertThat(r.cordonedAtEnd()).isEmpty();
        assertThat(r.orphanWorkersAtEnd()).isEmpty();
        assertThat(r.extraNodes()).isZero();
        assertThat(world.view().nodeGroups()).singleElement().satisfies(g -> {
            assertThat(g.status().replacement()).as("no replacement left in status").isNull();
            assertThat(g.status().condition("NodesDrifted")).get().satisfies(c -> assertThat(c.status()).isEqualTo("False"));
        });
    }

    private List<String> groupsOfNodes() {
        return context.getBean(SandboxWorld.class).view().nodes().stream().map(com.vpsie.autoscaler.capacity.Node::nodeGroup).sorted().toList();
    }

    /** The same burst with and without spec.headroom: with it, nothing waits for VPSie, for more node-hours. */
    @Test
    void headroomProvisionedBeforeABurstMeansTheBurstDoesNotWait() throws IOException {
        Report cold = run("burst-cold", spec -> spec);
        Report warm = run("burst-warm", spec -> spec);
        assertThat(cold.pendingWaitSeconds().p95()).as("half the cold burst waits for new workers").isGreaterThanOrEqualTo(60);
        assertThat(warm.pendingWaitSeconds().max()).as("the warm burst lands on nodes that are there").isZero();
        assertThat(warm.nodeHours()).as("the price: room kept warm").isGreaterThan(cold.nodeHours());
        assertThat(warm.pendingPodsAtEnd()).isZero();
    }

    /** Six empty nodes: one per step without a budget, never more than the budget at once, all together under 100% for Empty. */
    @Test
    void emptyNodesGoTogetherUpToTheBudgetAndNeverAboveIt() throws IOException {
        Report none = run("empty-one-per-step", spec -> spec);
        Report two = run("empty-budget-2", spec -> spec);
        Report all = run("empty-budget-all", spec -> spec);
        assertThat(List.of(none.maxNodes(), two.maxNodes(), all.maxNodes())).as("the burst made six nodes each time").containsOnly(6);
        assertThat(none.mostRemovedAtOnce()).isEqualTo(1);
        assertThat(two.mostRemovedAtOnce()).as("budget 2").isEqualTo(2);
        assertThat(all.mostRemovedAtOnce()).as("budget 100% for Empty").isEqualTo(6);
        assertThat(List.of(none.finalNodes(), two.finalNodes(), all.finalNodes())).containsOnly(0);
        assertThat(all.nodeHours()).isLessThan(two.nodeHours());
        assertThat(two.nodeHours()).isLessThan(none.nodeHours());
    }

    /** A window with maxNodes 0 empties the group for its hour, under a budget of 2, and the group comes back after it. */
    @Test
    void aQuietHourCapDrainsTheGroupUnderItsBudgetAndSavesNodeHours() throws IOException {
        Report off = run("quiet-hours-off", spec -> spec);
        Report capped = run("quiet-hours-capped", spec -> spec);
        assertThat(capped.mostRemovedAtOnce()).as("the budget of 2").isEqualTo(2);
        assertThat(off.nodeHours() - capped.nodeHours()).as("about an hour of four nodes saved").isBetween(3.5, 4.5);
        assertThat(capped.pendingWaitSeconds().max()).as("the pods wait for the window to close").isGreaterThanOrEqualTo(3600);
        assertThat(capped.finalNodes()).as("back after the window").isEqualTo(off.finalNodes());
        assertThat(capped.pendingPodsAtEnd()).isZero();
        assertThat(capped.cordonedAtEnd()).isEmpty();
    }

    /** The case: two expensive nodes end as one cheap node under WhenEmptyOrUnderutilized; replacements only keep both. */
    @Test
    void theCheapestEndStateReplacesTwoExpensiveNodesByOneCheapOne() throws IOException {
        Report replaceOnly = run("cheapest-replace-only", spec -> spec);
        Report cheapest = run("cheapest-end-state", spec -> spec);
        assertThat(replaceOnly.finalNodes()).isEqualTo(2);
        assertThat(cheapest.finalNodes()).isEqualTo(1);
        assertThat(cheapest.cost()).as("$0.5556/h become $0.0278/h once the cheap node is Ready").isLessThan(replaceOnly.cost() / 5);
        assertThat(cheapest.pendingWaitSeconds().max()).as("the new node is Ready before the old ones drain").isZero();
        assertThat(cheapest.extraNodes()).isZero();
        assertThat(cheapest.cordonedAtEnd()).isEmpty();
    }

    /** A kubelet dies: after spec.repair.after a new node joins first, then the dead node is drained and its worker removed. */
    @Test
    void aNodeWhoseKubeletDiesIsReplacedNewNodeFirstAndItsWorkerRemoved() throws IOException {
        Report r = run("repair-dead-kubelet", spec -> spec);
        assertThat(r.maxNodes()).as("the new node joins before the dead one goes").isEqualTo(4);
        assertThat(r.finalNodes()).isEqualTo(3);
        assertThat(r.orphanWorkersAtEnd()).isEmpty();
        assertThat(r.extraNodes()).isZero();
        assertThat(r.cordonedAtEnd()).isEmpty();
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(context.getBean(SandboxWorld.class).view().nodeGroups()).singleElement()
                .satisfies(g -> assertThat(g.status().condition("NodesUnhealthy")).get().satisfies(c -> assertThat(c.status()).isEqualTo("False")));
        assertThat(context.getBean(com.vpsie.autoscaler.sandbox.SandboxWorld.class).view().nodes()).as("every node Ready at the end").isNotEmpty().allSatisfy(n -> assertThat(n.ready()).isTrue());
    }

    /** A worker joins but its kubelet never says Ready: it is replaced like a dead one, and no worker is left behind. */
    @Test
    void aWorkerThatNeverBecomesReadyIsReplacedAndItsWorkerRemoved() throws IOException {
        Report r = run("repair-never-ready", spec -> spec);
        SandboxWorld world = context.getBean(SandboxWorld.class);
        assertThat(world.view().nodes()).as("three Ready nodes at the end").hasSize(3).allSatisfy(n -> assertThat(n.ready()).isTrue());
        assertThat(r.orphanWorkersAtEnd()).isEmpty();
        assertThat(r.extraNodes()).isZero();
        assertThat(r.cordonedAtEnd()).isEmpty();
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(stats("leakedWorkers")).isZero();
        assertThat(world.workers()).as("VPSie bills three workers").hasSize(3);
        assertThat(stats("removeCalls")).as("the repair's one removal; no provision timeout removes it again").isEqualTo(1);
        assertThat(world.view().nodeGroups()).singleElement().satisfies(g -> {
            assertThat(g.status().provisioningOrEmpty()).as("the repaired node's add is no longer in flight").isEmpty();
            assertThat(g.status().scaleUpBackoff()).as("a repaired node is no provision timeout").isNull();
        });
    }

    /** Two of three kubelets die at once: more than maxUnhealthy, which an outage looks like; nothing is removed or added. */
    @Test
    void manyDeadKubeletsAtOnceRepairNothing() throws IOException {
        Report r = run("repair-outage-guard", spec -> spec);
        assertThat(r.maxNodes()).isEqualTo(3);
        assertThat(r.finalNodes()).isEqualTo(3);
        assertThat(r.mostRemovedAtOnce()).isZero();
        assertThat(context.getBean(SandboxWorld.class).view().nodeGroups()).singleElement()
                .satisfies(g -> assertThat(g.status().condition("NodesUnhealthy")).get().satisfies(c -> {
                    assertThat(c.status()).isEqualTo("True");
                    assertThat(c.message()).startsWith("2 of 3 node(s) NotReady");
                }));
    }

    /** A business-hours schedule opens 10 minutes before the morning peak: the peak lands on nodes that are already there. */
    @Test
    void aScheduleOpeningBeforeTheMorningPeakMeansThePeakDoesNotWait() throws IOException {
        Report cold = run("morning-peak-cold", spec -> spec);
        Report scheduled = run("morning-peak-scheduled", spec -> spec);
        assertThat(cold.pendingWaitSeconds().p95()).as("the cold peak waits for workers to join").isGreaterThanOrEqualTo(90);
        assertThat(scheduled.pendingWaitSeconds().max()).as("nodes were Ready before the peak").isZero();
        assertThat(scheduled.maxNodes()).as("the schedule's floor").isGreaterThanOrEqualTo(9);
        assertThat(scheduled.pendingPodsAtEnd()).isZero();
    }

    @Test
    void aBurstOf200PodsRunsByProvisionTimePlus10sAtNearTheCheapestCost() throws IOException {
        SimulationHarness sim = new SimulationHarness(context);
        Report r = run(sim, "burst", spec -> spec);
        // 200 pods of 250m arrive at 5 s; a 2-CPU node (1900m allocatable) holds 7: 29 nodes at least.
        int lowerBound = (int) Math.ceil(200 / 7.0);
        assertThat(sim.samples()).filteredOn(s -> s.seconds() >= 5 + 60 + 10).isNotEmpty()
                .allSatisfy(s -> assertThat(s.pendingPods()).as("pending at %ss", s.seconds()).isZero());
        assertThat(r.pendingWaitSeconds().max()).isLessThanOrEqualTo(70);
        assertThat(r.maxNodes()).isLessThanOrEqualTo((int) Math.ceil(lowerBound * 1.10));
        double hourly = 0.0278;
        double cheapest = hourly * (2 * 5 + lowerBound * (r.simulatedSeconds() - 5)) / 3600;
        assertThat(r.cost()).as("cost against the cheapest feasible %.4f", cheapest).isLessThanOrEqualTo(cheapest * 1.10);
    }

    @Test
    void whenLoadDropsNodesGoAfterUnneededTimeNeverBelowMinAndPodsKeepRunning() throws IOException {
        SimulationHarness sim = new SimulationHarness(context);
        Report r = run(sim, "crash-during-drain", spec -> new SimulationSpec(spec.simulation(), List.of()));
        // 4 nodes at 10 % use; unneededTime and delayAfterScaleUp are 2 minutes.
        assertThat(sim.samples()).filteredOn(s -> s.seconds() < 120).isNotEmpty().allSatisfy(s -> assertThat(s.nodes()).isEqualTo(4));
        assertThat(r.finalNodes()).isEqualTo(1);
        assertThat(sim.samples()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.nodes()).isGreaterThanOrEqualTo(1);
            assertThat(s.pendingPods()).as("pods running throughout (at %ss)", s.seconds()).isZero();
        });
        assertThat(r.cordonedAtEnd()).isEmpty();
    }

    @Test
    void underVpsieFaultsOneToEightEndsWithEightAndNoExtra() throws IOException {
        Report r = run("faults", spec -> spec);
        assertThat(r.finalNodes()).isEqualTo(8);
        assertThat(r.extraNodes()).isZero();
        assertThat(stats("duplicateAdds")).isZero();
        assertThat(r.pendingPodsAtEnd()).isZero();
    }

    /**
     * Issue 12's bar: VPSie as its own code shows it, under faults, scaled up by 9 and back to the
     * minimum; nothing added twice, no worker billing without a Node, VPSie's workers = the Nodes.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"autoscaler", "govpsie"})
    void realVpsieShapesUnderFaultsScaleUpAndBackWithNoDuplicateAndNoLeak(String shape) throws IOException {
        SimulationHarness sim = new SimulationHarness(context);
        Report r = run(sim, "real-vpsie", spec -> withShape(spec, shape));
        SandboxWorld w0 = context.getBean(SandboxWorld.class);
        assertThat(sim.samples()).as("the 10 pods all run before they are deleted at 240 s; workers %s; groups %s", w0.workers(),
                        w0.view().nodeGroups().stream().map(g -> g.status().provisioningOrEmpty()).toList())
                .anySatisfy(s -> {
                    assertThat(s.seconds()).isLessThan(240);
                    assertThat(s.pendingPods()).isZero();
                    assertThat(s.nodes()).isEqualTo(10);
                });
        assertThat(r.finalNodes()).as("back to the group's minimum").isEqualTo(1);
        assertThat(stats("duplicateAdds")).isZero();
        assertThat(stats("leakedWorkers")).isZero();
        assertThat(stats("workers")).as("VPSie's workers = Kubernetes Nodes").isEqualTo(stats("nodes")).isEqualTo(1);
        assertThat(stats("addCalls")).as("faults made some adds fail before VPSie acted").isGreaterThanOrEqualTo(9);
        assertThat(stats("workersCreated")).isEqualTo(9);
        assertThat(r.orphanWorkersAtEnd()).isEmpty();
        assertThat(r.cordonedAtEnd()).isEmpty();
    }

    @Test
    void twoGroupsOfOneSizeScalingAtOnceFromTwoReplicasGetEachTheirOwnWorkers() throws IOException {
        Report r = run("two-groups", spec -> spec);
        SandboxWorld world = context.getBean(SandboxWorld.class);
        assertThat(r.pendingPodsAtEnd()).isZero();
        assertThat(stats("workersCreated")).as("5 per group: one pod of 6 fits each group's node").isEqualTo(10);
        assertThat(stats("duplicateAdds")).isZero();
        assertThat(stats("leakedWorkers")).isZero();
        Map<String, Long> vpsieGroupOf = Map.of("blue", 11L, "green", 12L);
        List<com.vpsie.autoscaler.capacity.Node> nodes = world.view().nodes();
        assertThat(nodes).hasSize(12).allSatisfy(n -> {
            assertThat(n.nodeGroup()).as("node %s was given to a group", n.name()).isIn("blue", "green");
            SandboxWorker w = world.workers().stream().filter(x -> x.nodeName().equals(n.name())).findFirst().orElseThrow();
            assertThat(w.groupId()).as("node %s of NodeGroup %s is a worker of VPSie group %s", n.name(), n.nodeGroup(), w.groupId())
                    .isEqualTo(vpsieGroupOf.get(n.nodeGroup()));
        });
        assertThat(context.getBean(com.vpsie.autoscaler.reconcile.UnattributedWorkers.class).of("sim-cluster")).isEmpty();
    }

    private static SimulationSpec withShape(SimulationSpec spec, String shape) {
        List<SimulationSpec.Step> steps = spec.steps().stream().map(x -> x.faults() == null ? x : new SimulationSpec.Step(x.at(), null, null,
                null, new com.vpsie.autoscaler.sandbox.SimulatorFaults.Faults(x.faults().serverErrorRate(), x.faults().errorInBodyRate(),
                x.faults().rateLimitEvery(), x.faults().latencyMs(), x.faults().lostAddRate(), x.faults().quota(),
                x.faults().retryAfterSeconds(), x.faults().nodesCountLagSeconds(), shape, null), null)).toList();
        return new SimulationSpec(spec.simulation(), steps);
    }

    private Report run(String scenario, java.util.function.UnaryOperator<SimulationSpec> change) throws IOException {
        return run(new SimulationHarness(context), scenario, change);
    }

    private Report run(SimulationHarness sim, String scenario, java.util.function.UnaryOperator<SimulationSpec> change) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of("infra/scenarios/" + scenario + ".json"));
        return sim.run(json.readValue(bytes, Scenario.class), change.apply(json.readValue(bytes, SimulationSpec.class)));
    }

    private int stats(String key) {
        return context.getBean(SandboxWorld.class).stats().get(key);
    }

    private static SimulationSpec withTriggers(SimulationSpec spec) {
        SimulationSpec.Settings s = spec.settings();
        return new SimulationSpec(new SimulationSpec.Settings(s.name(), "5m", s.tick(), s.replicas(), s.provisionDelay(), "30s", "10s",
                s.leaseDuration()), spec.steps());
    }

    private static SimulationSpec withCrash(SimulationSpec spec, CrashPoint at, int atSecond) {
        List<SimulationSpec.Step> steps = new ArrayList<>(spec.steps().stream().filter(x -> x.crash() == null).toList());
        steps.add(new SimulationSpec.Step(atSecond + "s", null, null, null, null, new SimulationSpec.Crash(at, 0)));
        return new SimulationSpec(spec.simulation(), steps);
    }
}
