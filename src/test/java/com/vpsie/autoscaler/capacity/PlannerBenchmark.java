package com.vpsie.autoscaler.capacity;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code make bench}: the planner alone. (1) 5,000 pending pods of mixed shapes over 500 nodes
 * and 20 groups; (2) the Cluster Autoscaler estimator's case B, 51,000 pods → 2,595 nodes;
 * (3) the Cluster Autoscaler's scalability burst, 30,000 pods → 1,000 nodes of 30; (4) 11,000
 * one-replica-per-node nodes that scale-down checks; (5) 10,000 pending pods under required
 * hostname anti-affinity; (6) 10,000 pending pods spread over three zones. Each setup
 * prints the nodes chosen against the lower bound max over resources of ceil(requests / allocatable).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlannerBenchmark {
    static final long MI = 1024 * 1024;

    private final Planner planner = new Planner(Fixtures.CLOCK);
    private ClusterSnapshot mixed;
    private ClusterSnapshot caseB;
    private ClusterSnapshot burst;
    private ClusterSnapshot onePerNode;
    private ClusterSnapshot apartPending;
    private ClusterSnapshot zoneSpread;

    @Setup(Level.Trial)
    public void setUp() {
        mixed = mixed(7);
        caseB = caseB();
        burst = burst();
        onePerNode = onePerNode(11_000);
        apartPending = apartPending(10_000);
        zoneSpread = zoneSpread(10_000);
        report("mixed", mixed);
        report("caseB", caseB);
        report("burst", burst);
        report("anti-affinity pending", apartPending);
        report("zone spreading", zoneSpread);
    }

    @Benchmark
    public Plan mixed5000PodsOver500Nodes20Groups() {
        return planner.plan(mixed, PlanningPolicy.DEFAULT);
    }

    @Benchmark
    public Plan caseB51000Pods() {
        return planner.plan(caseB, PlanningPolicy.DEFAULT);
    }

    /** A Deployment of 11,000 replicas with hostname anti-affinity, one per node: scale-down checks every node. */
    @Benchmark
    public Plan antiAffinity11000NodesOneReplicaEach() {
        return planner.plan(onePerNode, PlanningPolicy.DEFAULT);
    }

    /** 10,000 pending replicas with required hostname anti-affinity: one new node each. */
    @Benchmark
    public Plan antiAffinity10000PendingPods() {
        return planner.plan(apartPending, PlanningPolicy.DEFAULT);
    }

    /** 10,000 pending pods spread over three zones (maxSkew 1, DoNotSchedule), one group per zone. */
    @Benchmark
    public Plan zoneSpread10000PendingPods() {
        return planner.plan(zoneSpread, PlanningPolicy.DEFAULT);
    }

    @Benchmark
    public Plan burst30000Pods() {
        return planner.plan(burst, PlanningPolicy.DEFAULT);
    }

    /** 20 groups of 2–16 CPU in two zones, 500 nodes about 90% full, 5,000 pending pods in 12 shapes. */
    static ClusterSnapshot mixed(long seed) {
        Random r = new Random(seed);
        List<GroupTemplate> groups = new ArrayList<>();
        for (int g = 0; g < 20; g++) {
            int cpu = 2 << (g % 4);
            groups.add(GroupTemplate.of("g" + g, 0, 1000, Map.of("pool", "p" + (g % 5), Fixtures.ZONE, "z" + (g % 2)), List.of(),
                            Resources.of(cpu * 1000L - 100, cpu * 2048L * MI - 256 * MI, 110))
                    .withCaps(0, 1000, 0).withCost(0, 0.012 * cpu * (1 + (g % 3) * 0.1)));
        }
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            GroupTemplate g = groups.get(n % 20);
            String name = g.name() + "-node-" + n;
            nodes.add(Fixtures.node(name, g.name(), g.allocatable(), g.labels()));
            long fill = g.allocatable().milliCpu() * 9 / 10;
            for (int k = 0; fill > 0; k++) {
                long cpu = Math.min(fill, 250 + r.nextInt(750));
                fill -= cpu;
                pods.add(Pod.pending("prod", name + "-run-" + k, Resources.of(cpu, cpu * MI, 0)).withLabels(Map.of("app", "steady"))
                        .boundTo(name, PodPhase.RUNNING));
            }
        }
        Pod[] shapes = new Pod[12];
        for (int s = 0; s < shapes.length; s++) {
            long cpu = 100L * (1 + s * 3 % 17);
            Pod p = Pod.pending("prod", "shape" + s, Resources.of(cpu, cpu * 2 * MI, 0)).withLabels(Map.of("app", "app" + s));
            if (s % 4 == 1) {
                p = p.withPlacementRules(Map.of("pool", "p" + (s % 5)), null, List.of());
            }
            if (s == 6) {
                p = p.withPodRules(List.of(), List.of(new SpreadConstraint(2, Fixtures.HOST, LabelSelector.of(Map.of("app", "app6")), 1)), List.of());
            }
            if (s == 9) {
                p = p.withPodRules(List.of(new AffinityTerm(LabelSelector.of(Map.of("app", "app9")), Fixtures.HOST, Set.of())), List.of(), List.of());
            }
            shapes[s] = p;
        }
        for (int i = 0; i < 5000; i++) {
            Pod shape = shapes[i % shapes.length];
            pods.add(new Pod(shape.namespace(), shape.name() + "-" + i, PodPhase.PENDING, null, null, shape.requests(), shape.labels(),
                    shape.annotations(), shape.nodeSelector(), shape.nodeAffinity(), shape.tolerations(), shape.antiAffinity(),
                    shape.spread(), shape.hostPorts(), "ReplicaSet", false));
        }
        return new ClusterSnapshot(nodes, pods, groups);
    }

    static ClusterSnapshot caseB() {
        GroupTemplate g = GroupTemplate.of("g", 0, 100_000, Map.of(), List.of(), Resources.of(1000, 5000 * MI, 100)).withCaps(0, 3000, 0);
        List<Pod> pods = new ArrayList<>(Fixtures.pods("estimatee", 50_000, 50, 100));
        pods.addAll(Fixtures.pods("estimatee-big", 1000, 95, 190));
        return new ClusterSnapshot(List.of(), pods, List.of(g));
    }

    static ClusterSnapshot onePerNode(int n) {
        GroupTemplate g = roomyGroup();
        AffinityTerm apart = apartOnHosts("db");
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(Fixtures.node("n" + i, "g", g.allocatable(), Map.of()));
            pods.add(Pod.pending("d", "db-" + i, Resources.of(100, 100 * MI, 0)).withLabels(Map.of("app", "db"))
                    .withPodRules(List.of(apart), List.of(), List.of()).boundTo("n" + i, PodPhase.RUNNING));
        }
        return new ClusterSnapshot(nodes, pods, List.of(g));
    }

    static ClusterSnapshot apartPending(int n) {
        GroupTemplate g = roomyGroup();
        AffinityTerm apart = apartOnHosts("cache");
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(Pod.pending("d", "cache-" + i, Resources.of(100, 100 * MI, 0)).withLabels(Map.of("app", "cache"))
                    .withPodRules(List.of(apart), List.of(), List.of()));
        }
        return new ClusterSnapshot(List.of(), pods, List.of(g));
    }

    /** One group of 4-CPU nodes that may grow to 100,000, as the anti-affinity worlds use. */
    private static GroupTemplate roomyGroup() {
        return GroupTemplate.of("g", 0, 100_000, Map.of(), List.of(), Resources.of(4000, 8192 * MI, 110)).withCaps(0, 100_000, 0);
    }

    /** Required anti-affinity of an app's pods to each other, per host. */
    private static AffinityTerm apartOnHosts(String app) {
        return new AffinityTerm(LabelSelector.of(Map.of("app", app)), Fixtures.HOST, Set.of());
    }

    static ClusterSnapshot zoneSpread(int n) {
        List<GroupTemplate> groups = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (int z = 0; z < 3; z++) {
            GroupTemplate g = GroupTemplate.of("z" + z, 0, 10_000, Map.of(Fixtures.ZONE, "z" + z), List.of(), Resources.of(3900, 7800 * MI, 110))
                    .withCaps(0, 10_000, 0);
            groups.add(g);
            nodes.add(Fixtures.node("z" + z + "-node-0", g.name(), g.allocatable(), g.labels()));
        }
        SpreadConstraint evenly = new SpreadConstraint(1, Fixtures.ZONE, LabelSelector.of(Map.of("app", "web")), 1);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(Pod.pending("web", "web-" + i, Resources.of(500, 512 * MI, 0)).withLabels(Map.of("app", "web"))
                    .withPodRules(List.of(), List.of(evenly), List.of()));
        }
        return new ClusterSnapshot(nodes, pods, groups);
    }

    /** 16-CPU nodes; 520m pods: 30 to a node by CPU. */
    static ClusterSnapshot burst() {
        GroupTemplate g = GroupTemplate.of("g", 0, 1000, Map.of(), List.of(), Resources.of(15_900, 32_512 * MI, 110)).withCaps(0, 1000, 0);
        return new ClusterSnapshot(List.of(), Fixtures.pods("burst", 30_000, 520, 1024), List.of(g));
    }

    /**
     * Nodes chosen against the lower bound: per group, the most over CPU, memory and pod slots of
     * ceil(sum of the requests of the pods placed on its new nodes / one node's allocatable).
     */
    static void report(String name, ClusterSnapshot s) {
        PlannedCluster after = new ScaleUpPlanner(s, PlanningPolicy.DEFAULT).plan().after();
        Map<String, Resources> demand = new java.util.TreeMap<>();
        Map<String, Integer> chosen = new java.util.TreeMap<>();
        for (PlannedNode n : after.nodes()) {
            if (n.kind() == PlannedNode.Kind.NEW) {
                chosen.merge(n.group(), 1, Integer::sum);
                for (Pod p : n.pods()) {
                    demand.merge(n.group(), p.footprint(), Resources::plus);
                }
            }
        }
        long bound = 0;
        int total = 0;
        for (Map.Entry<String, Resources> e : demand.entrySet()) {
            Resources a = s.groups().stream().filter(g -> g.name().equals(e.getKey())).findFirst().orElseThrow().allocatable();
            Resources d = e.getValue();
            bound += Math.max(ceil(d.milliCpu(), a.milliCpu()), Math.max(ceil(d.memoryBytes(), a.memoryBytes()), ceil(d.pods(), a.pods())));
            total += chosen.get(e.getKey());
        }
        System.out.printf("%n[%s] %d new node(s) in %d group(s); lower bound %d; ratio %.3f%n", name, total, chosen.size(), bound,
                bound == 0 ? 1.0 : (double) total / bound);
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
