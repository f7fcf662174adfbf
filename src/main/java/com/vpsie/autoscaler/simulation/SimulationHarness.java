package com.vpsie.autoscaler.simulation;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.Quantity;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.config.DurationText;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.reconcile.DecisionLog;
import com.vpsie.autoscaler.reconcile.Reconciler;
import com.vpsie.autoscaler.sandbox.SandboxWorker;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.sandbox.SimulatorFaults;
import com.vpsie.autoscaler.scenario.Scenario;
import com.vpsie.autoscaler.vpsie.VpsieWire;
import io.micronaut.context.ApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the real reconciler, as one or more replicas, against the sandbox's simulated cluster and
 * VPSie simulator (over HTTP, faults and all) on a virtual clock: each tick, due timeline steps
 * happen, workers whose provision time is over join, the stand-in scheduler binds pods, waiting
 * pods are reported as FailedScheduling, and the heartbeat reconciles every group. Time stands
 * still while the function works, so the outcome does not depend on the machine's speed.
 */
public final class SimulationHarness {
    private final ApplicationContext context;
    private final SandboxWorld world;
    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final SimulatorFaults faults;
    private final VirtualClock clock;
    private final DecisionLog decisions;
    private final List<Report.Sample> samples = new ArrayList<>();
    private final List<Replica> replicas = new ArrayList<>();
    private SharedLeases leases;
    private int generation;
    private int crashes;

    /** A running instance of the function: its own gate, Lease holder, crash point and in-memory state. */
    private record Replica(int index, Reconciler reconciler, CrashingPorts ports) {
    }

    public SimulationHarness(ApplicationContext context) {
        this.context = context;
        this.world = context.getBean(SandboxWorld.class);
        this.cluster = context.getBean(ClusterPort.class);
        this.vpsie = context.getBean(VpsiePort.class);
        this.faults = context.getBean(SimulatorFaults.class);
        this.clock = context.getBean(VirtualClock.class);
        this.decisions = context.getBean(DecisionLog.class);
    }

    /** Context properties a simulation needs: sandbox world, no real-time scheduler, quick retries. */
    public static Map<String, Object> contextProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("sandbox.export-events", false);
        p.put("autoscaler.auth.tokens", "simulation");
        p.put("autoscaler.reconcile.debounce", "0s");
        p.put("vpsie.retry-base-delay", "5ms");
        p.put("vpsie.retry-max-delay", "2s");
        p.put("autoscaler.drain.eviction-retry-interval", "10ms");
        return p;
    }

    public List<Report.Sample> samples() {
        return List.copyOf(samples);
    }

    public Report run(Scenario world0, SimulationSpec spec) {
        SimulationSpec.Settings s = spec.settings();
        String name = s.name() == null ? "simulation" : s.name();
        Duration duration = DurationText.parse(or(s.duration(), "10m"), "simulation.duration");
        Duration tick = DurationText.parse(or(s.tick(), "1s"), "simulation.tick");
        Duration heartbeat = DurationText.parse(or(s.heartbeat(), "30s"), "simulation.heartbeat");
        Duration eventInterval = DurationText.parse(or(s.eventInterval(), "10s"), "simulation.eventInterval");
        world.provisionDelay(DurationText.parse(or(s.provisionDelay(), "60s"), "simulation.provisionDelay"));
        leases = new SharedLeases(clock, DurationText.parse(or(s.leaseDuration(), "15s"), "simulation.leaseDuration"));
        clock.set(VirtualClock.EPOCH);
        faults.set(SimulatorFaults.Faults.NONE);
        world.load(world0);
        faults.resetCounts();
        samples.clear();
        replicas.clear();
        int n = s.replicas() == null ? 1 : Math.max(1, s.replicas());
        for (int i = 0; i < n; i++) {
            replicas.add(newReplica(i));
        }
        int decisionsBefore = decisions.recent(Integer.MAX_VALUE).size();

        List<SimulationSpec.Step> steps = new ArrayList<>(spec.steps());
        steps.sort((a, b) -> DurationText.parse(a.at(), "timeline.at").compareTo(DurationText.parse(b.at(), "timeline.at")));
        Map<String, Instant> pendingSince = new HashMap<>();
        Set<String> everSeen = new HashSet<>();
        List<Double> waits = new ArrayList<>();
        Map<Long, Double> hourly = hourlyPrices();
        Map<SandboxWorker.Machine, Double> byMachine = new HashMap<>();
        world.sizes().forEach(o -> byMachine.putIfAbsent(new SandboxWorker.Machine(o.cpu(), o.ram()), o.hourly()));
        double nodeHours = 0;
        double cost = 0;
        int maxNodes = 0;
        int mostRemoved = 0;
        Set<String> before = new HashSet<>();
        Instant lastEvent = null;
        Instant lastHeartbeat = VirtualClock.EPOCH;
        int next = 0;
        int turn = 0;
        ExecutorService storm = Executors.newFixedThreadPool(16);
        try {
            for (Duration t = Duration.ZERO; t.compareTo(duration) <= 0; t = t.plus(tick)) {
                Instant now = VirtualClock.EPOCH.plus(t);
                clock.set(now);
                while (next < steps.size() && DurationText.parse(steps.get(next).at(), "timeline.at").compareTo(t) <= 0) {
                    apply(steps.get(next++), storm);
                }
                world.joinDue();
                Map<Pod, String> waiting = world.schedule();
                if (!waiting.isEmpty() && (lastEvent == null || !now.isBefore(lastEvent.plus(eventInterval)))) {
                    lastEvent = now;
                    deliver(replicas.get(turn++ % replicas.size()).index(), "event:FailedScheduling");
                }
                if (!now.isBefore(lastHeartbeat.plus(heartbeat))) {
                    lastHeartbeat = now;
                    deliver(replicas.get(turn++ % replicas.size()).index(), "heartbeat");
                    world.joinDue();
                    world.schedule();
                }
                // Measure after this tick's work.
                ClusterView view = world.view();
                Set<String> seen = new HashSet<>();
                int pending = 0;
                for (Pod p : view.pods()) {
                    seen.add(p.key());
                    if (everSeen.add(p.key()) && !p.awaitsNode()) {
                        waits.add(0.0);
                    }
                    if (p.awaitsNode()) {
                        pending++;
                        pendingSince.putIfAbsent(p.key(), now);
                    } else if (pendingSince.containsKey(p.key())) {
                        waits.add(Duration.between(pendingSince.remove(p.key()), now).toMillis() / 1000.0);
                    }
                }
                pendingSince.keySet().retainAll(seen);
                List<SandboxWorker> workers = world.workers();
                double hours = tick.toMillis() / 3_600_000.0;
                nodeHours += workers.size() * hours;
                for (SandboxWorker w : workers) {
                    // Each worker at its own machine's price: a group given another size keeps billing its old workers at theirs.
                    cost += byMachine.getOrDefault(world.machineOf(w), hourly.getOrDefault(w.groupId(), 0.0)) * hours;
                }
                maxNodes = Math.max(maxNodes, workers.size());
                Set<String> present = new HashSet<>();
                workers.forEach(w -> present.add(w.identifier()));
                before.removeAll(present);
                mostRemoved = Math.max(mostRemoved, before.size());
                before = present;
                samples.add(new Report.Sample(t.toMillis() / 1000.0, workers.size(), pending));
            }
        } finally {
            storm.shutdownNow();
        }
        Instant end = clock.instant();
        pendingSince.values().forEach(since -> waits.add(Duration.between(since, end).toMillis() / 1000.0));
        ClusterView view = world.view();
        Set<String> nodeNames = new HashSet<>();
        view.nodes().forEach(node -> nodeNames.add(node.name()));
        List<String> orphans = world.workers().stream().filter(w -> "running".equals(w.status()) && !nodeNames.contains(w.nodeName()))
                .map(SandboxWorker::hostname).toList();
        List<String> cordoned = view.nodes().stream().filter(com.vpsie.autoscaler.capacity.Node::unschedulable)
                .map(com.vpsie.autoscaler.capacity.Node::name).toList();
        int vpsieCalls = faults.callsPerOperation().values().stream().mapToInt(Integer::intValue).sum();
        int duplicates = world.stats().getOrDefault("duplicateAdds", 0);
        int pendingAtEnd = (int) view.pods().stream().filter(Pod::awaitsNode).count();
        return new Report(name, duration.toMillis() / 1000.0, quantiles(waits), round(nodeHours), round(cost), vpsieCalls,
                duplicates + orphans.size(), maxNodes, world.workers().size(), pendingAtEnd, cordoned, orphans,
                decisions.recent(Integer.MAX_VALUE).size() - decisionsBefore, crashes, mostRemoved);
    }

    private void apply(SimulationSpec.Step step, ExecutorService storm) {
        if (step.addPods() != null) {
            SimulationSpec.Pods p = step.addPods();
            world.addPods(p.name(), p.replicas(), Resources.of(Quantity.milli(p.cpu()), Quantity.units(p.memory()), 0), p.selector(), "ReplicaSet");
        }
        if (step.deletePods() != null) {
            world.deletePods(step.deletePods());
        }
        if (step.faults() != null) {
            faults.set(step.faults());
        }
        if (step.kubeletStops() != null) {
            step.kubeletStops().forEach(world::kubeletStops);
        }
        if (step.changeTemplate() != null) {
            relabel(step.changeTemplate());
        }
        if (step.joinsNeverReady() != null) {
            world.nextJoinsNeverReady(step.joinsNeverReady());
        }
        if (step.resizeGroup() != null && world.resizeGroup(step.resizeGroup().vpsieNodeGroupId(), step.resizeGroup().boxsizeId()).isEmpty()) {
            throw new IllegalArgumentException("timeline resizeGroup: no VPSie node group " + step.resizeGroup().vpsieNodeGroupId()
                    + " or no size " + step.resizeGroup().boxsizeId() + " in the scenario");
        }
        if (step.crash() != null) {
            int i = step.crash().replica() == null ? 0 : step.crash().replica();
            replicas.get(i % replicas.size()).ports().arm(step.crash().at());
        }
        if (step.webhook() != null) {
            List<Future<?>> sent = new ArrayList<>();
            for (int k = 0; k < step.webhook().times(); k++) {
                int replica = k % replicas.size();
                sent.add(storm.submit(() -> deliver(replica, "alertmanager:KubePodsPending")));
            }
            for (Future<?> f : sent) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException("a storm delivery failed: " + e.getMessage(), e);
                }
            }
        }
    }

    /** One trigger to one replica, as a webhook or the heartbeat would; a crash replaces the replica. */
    private void deliver(int index, String trigger) {
        Replica r;
        synchronized (replicas) {
            r = replicas.get(index);
        }
        try {
            // Each replica starts with another group, as triggers naming different groups would have them do.
            List<String> groups = new ArrayList<>(cluster.nodeGroups().stream().map(NodeGroup::name).sorted().toList());
            Collections.rotate(groups, -index);
            r.reconciler().reconcile(groups, trigger);
        } catch (SimulatedCrash crash) {
            synchronized (replicas) {
                if (replicas.get(index) == r) {
                    crashes++;
                    replicas.set(index, newReplica(index));
                }
            }
        }
    }

    private Replica newReplica(int index) {
        SharedLeases.View lease = leases.new View("replica-" + index + "-" + (++generation));
        CrashingPorts ports = new CrashingPorts(cluster, vpsie, lease::die);
        ClusterPort c = ports.cluster();
        VpsiePort v = ports.vpsie();
        Reconciler reconciler = com.vpsie.autoscaler.simulation.ReplicaWiring.start(context, c, v, lease, clock);
        return new Replica(index, reconciler, ports);
    }

    /** Hourly price of each VPSie group's size. */
    /** The timeline's edit of a NodeGroup's template labels, written as kubectl would (a spec update). */
    private void relabel(SimulationSpec.Relabel r) {
        NodeGroup g = world.view().group(r.nodeGroup()).orElseThrow(() -> new IllegalArgumentException("timeline changeTemplate: no NodeGroup "
                + r.nodeGroup() + " in the scenario"));
        NodeGroup.Spec s = g.spec();
        NodeGroup.Template t = s.template();
        world.writeSpec(g, new NodeGroup.Spec(s.minNodes(), s.maxNodes(), s.vpsie(), new NodeGroup.Template(r.labels(), t == null ? null : t.taints(),
                t == null ? null : t.resources()), s.priority(), s.scaleUp(), s.scaleDown(), s.headroom(), s.schedules(), s.disruption(), s.repair(),
                s.drift(), s.expireAfter()));
    }

    private Map<Long, Double> hourlyPrices() {
        Map<Long, Double> bySize = new HashMap<>();
        for (VpsieWire.Offer o : world.sizes()) {
            bySize.put(o.id(), o.hourly());
        }
        Map<Long, Double> byGroup = new HashMap<>();
        for (VpsieWire.NodeGroup g : world.vpsieGroups()) {
            byGroup.put(g.id(), bySize.getOrDefault(g.boxsizeId(), 0.0));
        }
        return byGroup;
    }

    static Report.Wait quantiles(List<Double> waits) {
        if (waits.isEmpty()) {
            return new Report.Wait(0, 0, 0);
        }
        List<Double> sorted = new ArrayList<>(waits);
        Collections.sort(sorted);
        return new Report.Wait(at(sorted, 0.50), at(sorted, 0.95), sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile. */
    private static double at(List<Double> sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String or(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }
}
