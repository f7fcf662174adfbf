package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.scenario.Scenario;
import com.vpsie.autoscaler.simulation.ReplicaWiring;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty manual scales at once on a group of three Ready nodes (minNodes 1), targets 1..10 in a
 * seeded order: one applies at a time and the others are refused naming the one in flight; no
 * removal ever takes the group's Ready, schedulable nodes below the floor (minNodes, or the target
 * held then); no node is drained twice; and the group ends at what the last applied answer says.
 * Run in one instance (the bean {@code POST /v1/scale} uses) and as two replicas sharing Leases.
 * The assertions hold whatever the interleaving; none counts on the machine's speed.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "1h")
@Property(name = "autoscaler.drain.eviction-retry-interval", value = "5ms")
@Property(name = "autoscaler.reconcile.debounce", value = "0s")
class ManualScaleRaceTest {
    private static final String GROUP = "general";
    private static final int REQUESTS = 50;

    @Inject
    ApplicationContext context;
    @Inject
    SandboxWorld world;
    @Inject
    JsonMapper json;
    @Inject
    Clock clock;

    /** What the watched cluster port saw: a removal below the floor, a node drained twice. */
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> deleted = Collections.synchronizedMap(new HashMap<>());

    @BeforeEach
    void threeReadyNodes() throws Exception {
        world.load(json.readValue(com.vpsie.autoscaler.sandbox.StartWorld.withNodes(3), Scenario.class));
        // Small pods of a ReplicaSet, one per node: any one node holds them all.
        world.addPods("web", 3, Resources.of(100, 64L << 20, 1), Map.of(), "ReplicaSet");
        world.schedule();
        violations.clear();
        deleted.clear();
        assertThat(readySchedulable()).isEqualTo(3);
    }

    @Test
    void fiftyAtOnceInOneInstanceNeverCrossTheFloor() throws Exception {
        // One pod: its Lease is its own for every thread in it, so only the gate keeps them apart.
        ManualScaler one = replica(new SharedLease().as("the-pod"));
        race(i -> one);
    }

    @Test
    void fiftyAtOnceOnTwoReplicasNeverCrossTheFloor() throws Exception {
        SharedLease leases = new SharedLease();
        List<ManualScaler> replicas = List.of(replica(leases.as("replica-a")), replica(leases.as("replica-b")));
        race(i -> replicas.get(i % 2));
    }

    private ManualScaler replica(GroupLease lease) {
        return ReplicaWiring.replica(context, watched(context.getBean(ClusterPort.class)), context.getBean(VpsiePort.class), lease, clock).manual();
    }

    private void race(Function<Integer, ManualScaler> scalerFor) throws Exception {
        long seed = new Random().nextLong();
        System.out.println("ManualScaleRaceTest seed " + seed);
        Random random = new Random(seed);
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            targets.add(1 + random.nextInt(10));
        }
        // Five waves of ten at once: within a wave they race; each wave meets what the last one left.
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Object>> answers = new ArrayList<>();
        for (int wave = 0; wave < REQUESTS / 10; wave++) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> these = new ArrayList<>();
            for (int i = wave * 10; i < wave * 10 + 10; i++) {
                int n = i;
                these.add(pool.submit(() -> {
                    start.await();
                    try {
                        return scalerFor.apply(n).scale(new ManualScaler.Command(GROUP, targets.get(n), null, "req-" + n, false, null));
                    } catch (ManualScaler.InFlight refused) {
                        return refused;
                    }
                }));
            }
            start.countDown();
            for (Future<Object> f : these) {
                f.get(60, TimeUnit.SECONDS);
            }
            answers.addAll(these);
        }
        Map<String, Decision> applied = new HashMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Object a = answers.get(i).get();
            int target = targets.get(i);
            if (a instanceof Decision d) {
                assertThat(d.reasons()).as("seed %d: an applied answer says its target", seed)
                        .anyMatch(r -> r.startsWith("manual target " + target + " (from "));
                applied.put("req-" + i, d);
            } else {
                assertThat(((ManualScaler.InFlight) a).getMessage()).as("seed %d", seed)
                        .contains("in flight on " + GROUP).contains("nothing was done");
            }
        }
        pool.shutdown();

        assertThat(applied).as("seed %d: at least one request applies", seed).isNotEmpty();
        assertThat(violations).as("seed %d: removals below the floor", seed).isEmpty();
        assertThat(deleted.values()).as("seed %d: no node deleted twice (none may have been deleted at all)", seed).noneMatch(c -> c > 1);
        assertThat(world.stats().get("leakedWorkers")).as("seed %d", seed).isEqualTo(0);
        NodeGroup g = world.view().group(GROUP).orElseThrow();
        NodeGroup.ManualTarget held = g.status().manualTarget();
        Decision last = applied.get(held.reason());
        assertThat(last).as("seed %d: the held target is an applied request's (%s)", seed, held.reason()).isNotNull();
        assertThat(held.inFlight()).as("seed %d: nothing left in flight", seed).isNull();
        int size = (int) world.view().members(GROUP) + SnapshotBuilder.pendingProvisioning(g, world.view()).size();
        assertThat(size).as("seed %d: the group is where the last applied answer says (%s)", seed, last).isEqualTo(last.toNodes());
        assertThat(readySchedulable()).as("seed %d", seed).isGreaterThanOrEqualTo(1);
    }

    // ---- watching the cluster ----

    private ClusterPort watched(ClusterPort real) {
        return (ClusterPort) Proxy.newProxyInstance(ClusterPort.class.getClassLoader(), new Class<?>[]{ClusterPort.class}, (proxy, m, args) -> {
            Object out;
            try {
                out = m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            after(m.getName(), args);
            return out;
        });
    }

    /** After a cordon: the group's Ready, schedulable nodes are still at least its floor then. */
    void after(String method, Object[] args) {
        if ("setUnschedulable".equals(method) && Boolean.TRUE.equals(args[1])) {
            NodeGroup g = world.view().group(GROUP).orElseThrow();
            NodeGroup.ManualTarget m = g.status().manualTarget();
            int floor = Math.max(g.spec().min(), m == null ? 0 : Math.min(m.nodes(), 3));
            int left = readySchedulable();
            if (left < floor) {
                violations.add("cordoned " + args[0] + ": " + left + " Ready schedulable node(s) left, floor " + floor);
            }
        }
        if ("deleteNode".equals(method)) {
            deleted.merge((String) args[0], 1, Integer::sum);
        }
    }

    private int readySchedulable() {
        return (int) world.view().nodes().stream().filter(n -> GROUP.equals(n.nodeGroup())).filter(Node::acceptsPods).count();
    }

    /** The cluster's Leases as replicas of one pod each see them: one holder per group until it gives it up. */
    static final class SharedLease {
        private final Map<String, String> held = new HashMap<>();

        GroupLease as(String holder) {
            return new GroupLease() {
                @Override
                public LockAnswer acquire(String group) {
                    synchronized (held) {
                        String h = held.putIfAbsent(group, holder);
                        return h == null || h.equals(holder) ? LockAnswer.ACQUIRED : LockAnswer.heldBy(h);
                    }
                }

                @Override
                public void release(String group) {
                    synchronized (held) {
                        held.remove(group, holder);
                    }
                }

                @Override
                public String holder() {
                    return holder;
                }
            };
        }
    }
}
