package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy;
import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.PodPhase;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.capacity.Scheduler;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.config.ModeConfig;
import com.vpsie.autoscaler.config.SandboxConfig;
import com.vpsie.autoscaler.config.TemplateConfig;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.NodeEdit;
import com.vpsie.autoscaler.scenario.Scenario;
import com.vpsie.autoscaler.vpsie.VpsieWire;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The sandbox's whole world: a simulated Kubernetes cluster (nodes, pods, NodeGroup resources with
 * resourceVersions) and a simulated VPSie account (sizes, node groups, workers). VPSie workers
 * become Ready nodes after the provision delay, as VPSie joins them itself. One lock guards it all.
 */
@Singleton
@Requires(env = "sandbox")
public class SandboxWorld {
    /** The Kubernetes version of the sandbox's cluster, as VPSie lists it and as its workers' kubelets run it. */
    static final String KUBE_VERSION = "1.31.2";
    private final TemplateConfig template;
    private final Clock clock;
    private String clusterId = "sandbox-cluster";
    private final SandboxGroups vpsieGroups = new SandboxGroups();
    /** VPSie's nodes of the cluster by identifier, the master included. */
    private final Map<String, SandboxWorker> workers = new LinkedHashMap<>();
    /** Workers added behind the function's back. */
    private final Set<String> foreign = new HashSet<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final SandboxNodeGroups nodeGroups = new SandboxNodeGroups();
    private AutoscalerPolicy policy;
    private long serial;
    private long nextId = 5000;
    /** Since the last load: adds and removals asked, workers created, and those beyond the plan's desired size. */
    private int addCalls, removeCalls, created, duplicateAdds;
    /** Worker identifiers, seeded so a run meets the same ones again. */
    private Random ids = new Random(7);

    /** How long an added worker takes to join; the simulation sets its scenario's. */
    private Duration provisionDelay;
    /** How many of the next workers to join have a kubelet that never says Ready. */
    private int brokenJoins;

    /** Whether the function's cluster is this world's (not a real one, as in {@code make run-kube}). */
    private final boolean simulatedCluster;

    public SandboxWorld(SandboxConfig config, TemplateConfig template, Clock clock, ModeConfig mode) {
        this.simulatedCluster = mode.simulatedCluster();
        this.provisionDelay = config.provisionDelay();
        this.template = template;
        this.clock = clock;
    }

    /** How long workers added from now on take to join (the simulation runs with its scenario's delay). */
    public synchronized void provisionDelay(Duration delay) {
        provisionDelay = delay;
    }

    public synchronized void load(Scenario s) {
        ClusterView view = s.view();
        clusterId = s.clusterId() == null ? "sandbox-cluster" : s.clusterId();
        vpsieGroups.load(Scenario.orEmpty(s.sizes()), Scenario.orEmpty(s.vpsieNodeGroups()));
        workers.clear();
        foreign.clear();
        nodes.clear();
        pods.clear();
        policy = view.policy();
        nodeGroups.load(view.nodeGroups());
        // Identifiers go on across loads: VPSie never gives one out twice.
        Instant now = clock.instant();
        SandboxWorker master = new SandboxWorker("vps-" + clusterId + "-master-1", ++nextId, clusterId + "-master-1", 0, "running", "10.20.0.1", true, now, now,
                SandboxWorker.Machine.MASTER);
        workers.put(master.identifier(), master);
        for (Node n : view.nodes()) {
            nodes.put(n.name(), n);
            long groupId = groupOf(n.nodeGroup()).map(g -> g.spec().vpsie().nodeGroupId()).orElse(0L);
            SandboxWorker w = new SandboxWorker("vps-" + n.name(), ++nextId, SandboxWorker.vpsieHostname(n.name()), groupId, "running", "", false, now, now,
                    vpsieGroups.machine(vpsieGroups.get(groupId))).running();
            workers.put(w.identifier(), w);
        }
        for (Pod p : view.pods()) {
            pods.put(p.key(), p);
        }
        addCalls = removeCalls = created = duplicateAdds = brokenJoins = 0;
    }

    public synchronized ClusterView view() {
        return new ClusterView(List.copyOf(nodes.values()), List.copyOf(pods.values()), List.copyOf(nodeGroups.all())).withPolicy(policy);
    }

    public synchronized NodeGroup writeStatus(NodeGroup g, NodeGroup.Status status) {
        return nodeGroups.writeStatus(g, status);
    }

    /** A NodeGroup made through the API: false when one of the name exists. */
    public synchronized boolean createNodeGroup(NodeGroup g) {
        return nodeGroups.create(g);
    }

    public synchronized NodeGroup writeSpec(NodeGroup g, NodeGroup.Spec spec) {
        return nodeGroups.writeSpec(g, spec);
    }

    public synchronized void deleteNodeGroup(String name) {
        nodeGroups.delete(name);
    }

    public synchronized void deleteNode(String name) {
        nodes.remove(name);
        unbindPodsOf(name);
    }

    /** Edits a node's labels, taints and annotations as the API server would apply the adapter's update. */
    public synchronized void editNode(String name, NodeEdit edit) {
        Node n = existing(name);
        List<Taint> merged = new ArrayList<>(n.taints().stream().filter(t -> !edit.drops(t)).toList());
        merged.addAll(edit.addTaints());
        Map<String, String> notes = new LinkedHashMap<>(n.annotations());
        notes.putAll(edit.setAnnotations());
        nodes.put(name, n.withLabelsAndTaints(edit.labelsFrom(n.labels()), merged).withAnnotations(notes));
    }

    public synchronized void setUnschedulable(String name, boolean unschedulable) {
        nodes.put(name, existing(name).withUnschedulable(unschedulable));
    }

    /** The next {@code count} workers join with a kubelet that never says Ready (VPSie lists them running). */
    public synchronized void nextJoinsNeverReady(int count) {
        brokenJoins += count;
    }

    /** A worker whose kubelet dies: its Node stops being Ready now; VPSie still lists the worker running. */
    public synchronized void kubeletStops(String name) {
        nodes.put(name, existing(name).notReady(clock.instant()));
    }

    private Node existing(String name) {
        return Optional.ofNullable(nodes.get(name)).orElseThrow(() -> new ClusterPort.ClusterException("node " + name + " not found"));
    }

    /**
     * Evicts a pod as a controller-owned pod is evicted: it goes back to pending (its controller makes a new one) and the
     * stand-in scheduler places it again. A bare pod is simply gone. PodDisruptionBudgets are not simulated here.
     */
    public synchronized ClusterPort.Eviction evict(String namespace, String name) {
        Pod p = pods.get(namespace + "/" + name);
        if (p == null) {
            return ClusterPort.Eviction.GONE;
        }
        if (p.ownerKind() == null) {
            pods.remove(p.key());
        } else {
            pods.put(p.key(), p.boundTo(null, PodPhase.PENDING));
        }
        return ClusterPort.Eviction.EVICTED;
    }

    public synchronized void addPods(String prefix, int replicas, Resources requests, Map<String, String> nodeSelector) {
        addPods(prefix, replicas, requests, nodeSelector, null);
    }

    /** Pods of a controller ({@code ownerKind}, e.g. ReplicaSet) can be evicted and come back; bare pods cannot. */
    public synchronized void addPods(String prefix, int replicas, Resources requests, Map<String, String> nodeSelector, String ownerKind) {
        for (int i = 0; i < replicas; i++) {
            String name = prefix + "-" + (replicas == 1 ? Long.toString(++serial) : Integer.toString(i));
            if (pods.containsKey("default/" + name)) {
                name = prefix + "-" + (++serial);
            }
            Pod p = Pod.pending("default", name, requests).withPlacementRules(nodeSelector, null, List.of());
            pods.put(p.key(), ownerKind == null ? p : p.withOwner(ownerKind, false));
        }
    }

    public synchronized int deletePods(String prefix) {
        List<String> gone = pods.values().stream().filter(p -> p.name().startsWith(prefix)).map(Pod::key).toList();
        gone.forEach(pods::remove);
        return gone.size();
    }

    /**
     * The stand-in scheduler: binds each waiting pod to the first Ready node it fits, on the planner's predicates.
     *
     * @return the pods left waiting, with why, worded as the Kubernetes scheduler words it
     */
    public synchronized Map<Pod, String> schedule() {
        Scheduler scheduler = new Scheduler(List.copyOf(nodes.values()), List.copyOf(pods.values()));
        Map<Pod, String> waiting = new LinkedHashMap<>();
        for (Pod p : new ArrayList<>(pods.values())) {
            if (!p.awaitsNode()) {
                continue;
            }
            Scheduler.Outcome o = scheduler.schedule(p);
            if (o.node() == null) {
                waiting.put(p, o.failedScheduling(nodes.size()));
                continue;
            }
            pods.put(p.key(), p.boundTo(o.node(), PodPhase.RUNNING));
        }
        return waiting;
    }

    public synchronized String clusterId() {
        return clusterId;
    }

    public synchronized List<VpsieWire.Offer> sizes() {
        return vpsieGroups.sizes();
    }

    /** The node groups as VPSie lists them; a group's {@code nodes_count} counts a worker only {@code countLag} after its add. */
    public synchronized List<VpsieWire.NodeGroup> vpsieGroups(java.time.Duration countLag) {
        return vpsieGroups.listed(workers.values(), clock.instant().minus(countLag), clusterId);
    }

    public synchronized List<VpsieWire.NodeGroup> vpsieGroups() {
        return vpsieGroups(Duration.ZERO);
    }

    /** Every node VPSie lists for the cluster, master included, by identifier: VPSie promises no order ("listed last" is not "added last"). */
    public synchronized List<SandboxWorker> listing() {
        return workers.values().stream().sorted(Comparator.comparing(SandboxWorker::identifier)).toList();
    }

    /** The workers (masters excluded). */
    public synchronized List<SandboxWorker> workers() {
        return workers.values().stream().filter(w -> !w.master()).toList();
    }

    /** The machine a worker runs on, as VPSie lists it with each node. */
    public synchronized SandboxWorker.Machine machineOf(SandboxWorker w) {
        return w.machine() == null ? new SandboxWorker.Machine(0, 0) : w.machine();
    }


    /** An add through the API (the function's): counted, and checked against the plan's desired size. */
    public synchronized Optional<SandboxWorker> addWorker(long groupId) {
        addCalls++;
        VpsieWire.NodeGroup g = vpsieGroups.get(groupId);
        if (g == null) {
            return Optional.empty();
        }
        // An add beyond what the function's plan wrote as the group's desired size (before calling) is a duplicate.
        long inGroup = workers.values().stream().filter(w -> w.groupId() == groupId && !foreign.contains(w.identifier())).count();
        nodeGroups.all().stream().filter(ng -> ng.spec().vpsie() != null && Long.valueOf(groupId).equals(ng.spec().vpsie().nodeGroupId()))
                .findFirst().filter(ng -> inGroup >= ng.status().desiredNodes()).ifPresent(ng -> duplicateAdds++);
        created++;
        return Optional.of(create(g));
    }

    /** A worker added behind the function's back (a person in VPSie's panel, another tool): not one of the function's adds. */
    public synchronized Optional<SandboxWorker> addForeignWorker(long groupId) {
        VpsieWire.NodeGroup g = vpsieGroups.get(groupId);
        if (g == null) {
            return Optional.empty();
        }
        SandboxWorker w = create(g);
        foreign.add(w.identifier());
        return Optional.of(w);
    }

    private SandboxWorker create(VpsieWire.NodeGroup g) {
        long groupId = g.id();
        String prefix = g.groupName() == null ? "node" : g.groupName();
        String hostname;
        do {
            hostname = SandboxWorker.vpsieHostname(prefix + "-" + String.format("%04d", ++serial));
        } while (nodes.containsKey(hostname.toLowerCase(Locale.ROOT)));
        Instant now = clock.instant();
        SandboxWorker w = new SandboxWorker(new UUID(ids.nextLong(), ids.nextLong()).toString(), ++nextId, hostname, groupId, "creating", "", false, now,
                now.plus(provisionDelay), vpsieGroups.machine(g));
        workers.put(w.identifier(), w);
        return w;
    }

    /** Creates a VPSie node group of one size; empty when the size is unknown. */
    public synchronized Optional<VpsieWire.NodeGroup> createGroup(String name, long sizeId) {
        return vpsieGroups.create(name, sizeId, clusterId);
    }

    /** Deletes a VPSie group and its workers, as VPSie may; false for a group it does not have. */
    public synchronized boolean deleteGroup(long groupId) {
        workers().stream().filter(w -> w.groupId() == groupId).map(SandboxWorker::identifier).toList().forEach(this::removeWorker);
        return vpsieGroups.delete(groupId);
    }

    /** A VPSie node group given another size while its nodes run (a person in VPSie's panel): new workers get it, old ones keep theirs. */
    public synchronized Optional<VpsieWire.NodeGroup> resizeGroup(long groupId, long sizeId) {
        return vpsieGroups.resize(groupId, sizeId, clusterId);
    }

    /**
     * Removes a worker named by its identifier, or by its numeric id (all govpsie's shape lists).
     * A master is not a worker and is not removed.
     *
     * @return false when no such worker exists (VPSie answers 404)
     */
    public synchronized boolean removeWorker(String identifier) {
        removeCalls++;
        Optional<SandboxWorker> w = workers.values().stream()
                .filter(x -> !x.master() && (x.identifier().equals(identifier) || Long.toString(x.id()).equals(identifier))).findFirst();
        w.ifPresent(x -> {
            workers.remove(x.identifier());
            nodes.remove(x.nodeName());
            unbindPodsOf(x.nodeName());
        });
        return w.isPresent();
    }

    /**
     * What the simulator saw. {@code duplicateAdds} and {@code leakedWorkers} compare VPSie with the
     * simulated cluster's Nodes and NodeGroups, so they are left out when the function runs against
     * a real cluster ({@code make run-kube}), where they would mean nothing.
     */
    public synchronized Map<String, Integer> stats() {
        Map<String, Integer> stats = new LinkedHashMap<>();
        stats.put("addCalls", addCalls);
        stats.put("removeCalls", removeCalls);
        stats.put("workersCreated", created);
        stats.put("groupsCreated", vpsieGroups.made());
        stats.put("workers", workers().size());
        if (simulatedCluster) {
            stats.put("nodes", nodes.size());
            stats.put("duplicateAdds", duplicateAdds);
            stats.put("leakedWorkers", leakedWorkers());
        }
        return stats;
    }

    /** Billed workers nobody would ever remove; see {@link SandboxWorker#leaked}. */
    private int leakedWorkers() {
        List<NodeGroup.Provisioning> intents = nodeGroups.all().stream().flatMap(g -> g.status().provisioningOrEmpty().stream()).toList();
        return SandboxWorker.leaked(workers().stream().filter(w -> !foreign.contains(w.identifier())).toList(), nodes.keySet(), intents,
                clock.instant().minus(provisionDelay));
    }

    /**
     * Workers whose provision delay is over become Ready nodes, as VPSie joins them itself. Called
     * by the sandbox's scheduler tick in real time, and by the simulation at each virtual tick.
     */
    public synchronized List<String> joinDue() {
        Instant now = clock.instant();
        List<String> joined = new ArrayList<>();
        for (SandboxWorker w : List.copyOf(workers.values())) {
            if (!"creating".equals(w.status()) || now.isBefore(w.joinAt())) {
                continue;
            }
            workers.put(w.identifier(), w.running());
            SandboxWorker.Machine m = machineOf(w);
            // Like a real VPSie worker, the node joins with kubelet's labels only (its name lower-cased,
            // as kubelet names it): the autoscaler gives it the group's labels and taints when it next reconciles.
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("kubernetes.io/hostname", w.nodeName());
            Node node = new Node(w.nodeName(), null, labels, Map.of(), List.of(), template.allocatableOf(m.cpu(), m.ramMb()),
                    true, false, null, new Node.Origin(now, "v" + KUBE_VERSION, m.cpu() * 1000L, m.ramMb() * 1_000_000L));
            nodes.put(w.nodeName(), brokenJoins > 0 && brokenJoins-- > 0 ? node.notReady(now) : node);
            joined.add(w.nodeName());
        }
        return joined;
    }

    private void unbindPodsOf(String node) {
        for (Pod p : new ArrayList<>(pods.values())) {
            if (node.equals(p.nodeName())) {
                pods.put(p.key(), p.boundTo(null, PodPhase.PENDING));
            }
        }
    }

    private Optional<NodeGroup> groupOf(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(nodeGroups.get(name)).filter(g -> g.spec().vpsie() != null);
    }
}
