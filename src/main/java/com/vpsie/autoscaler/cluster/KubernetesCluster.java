package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy;
import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pdb;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.PodPhase;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.config.KubernetesConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.NodeEdit;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster port over the Kubernetes API. One {@link #read()} per reconcile lists NodeGroups,
 * nodes, pending pods, pods on managed nodes, PodDisruptionBudgets and DaemonSets, page by page.
 * No informer cache: Knative and Lambda instances live for a request or two, and one consistent
 * read per reconcile is what the planner needs; in the long-lived Deployment the same read runs
 * once per reconcile, not per trigger, because triggers coalesce before it.
 */
@Singleton
@Requires(property = KubernetesCluster.MODE, value = "kubernetes", defaultValue = "kubernetes")
public class KubernetesCluster implements ClusterPort {
    /** {@code kubernetes} (default): the real API; {@code simulated}: the sandbox's cluster. */
    public static final String MODE = "autoscaler.cluster";
    static final String GROUP = "autoscaler.vpsie.com";
    static final String VERSION = "v1alpha1";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCluster.class);
    /** Unbound pods are pending ones (the phase is checked here): cheaper for the API server than a phase index it lacks. */
    private static final String UNBOUND = "spec.nodeName=";
    private static final String BOUND_AND_LIVE = "spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed";

    private final KubeApi api;
    private final KubernetesConfig config;
    private final String namespace;
    private final Clock clock;

    /** The namespace the manifests in infra/ install into, for runs outside a pod with none configured. */
    static final String DEFAULT_NAMESPACE = "vpsie-autoscaler";

    public KubernetesCluster(KubeApi api, KubernetesConfig config, KubeConnection.InPod inPod, Clock clock) {
        this.api = api;
        this.config = config;
        this.namespace = config.namespace() != null ? config.namespace() : inPod.namespace().orElse(DEFAULT_NAMESPACE);
        this.clock = clock;
    }

    public String namespace() {
        return namespace;
    }

    private static String namespaceOf(KubeObjects.Pod p) {
        return p.metadata() == null || p.metadata().namespace() == null ? "default" : p.metadata().namespace();
    }

    @Override
    public ClusterView read() {
        List<NodeGroup> groups = nodeGroups();
        Set<String> groupNames = new HashSet<>();
        Set<String> awaitedHostnames = new HashSet<>();
        for (NodeGroup g : groups) {
            groupNames.add(g.name());
            // VPSie's hostname may differ in case from the Node's name (General-0002 / general-0002).
            g.status().provisioningOrEmpty().stream().map(NodeGroup.Provisioning::hostname).filter(h -> h != null)
                    .map(h -> h.toLowerCase(java.util.Locale.ROOT)).forEach(awaitedHostnames::add);
        }
        // Nodes outside managed groups are left out: pending pods are pending because the
        // scheduler found no room there, and their pods need not be listed at all.
        List<Node> nodes = KubeTranslation.each(list("/api/v1/nodes", Map.of(), KubeObjects.Node.class), "nodes", KubeTranslation::node)
                .stream().filter(n -> groupNames.contains(n.nodeGroup()) || awaitedHostnames.contains(n.name().toLowerCase(java.util.Locale.ROOT)))
                .toList();
        Set<String> nodeNames = new HashSet<>();
        nodes.forEach(n -> nodeNames.add(n.name()));

        // Selectors are applied here again: the test API server honours some field selectors and not others.
        List<KubeObjects.Pod> raw = new ArrayList<>();
        List<ClusterView.GatedPod> gated = new ArrayList<>();
        for (KubeObjects.Pod p : list("/api/v1/pods", Map.of("fieldSelector", UNBOUND), KubeObjects.Pod.class)) {
            if (phase(p) != PodPhase.PENDING || !nodeName(p).isEmpty() || p.metadata() != null && p.metadata().deletionTimestamp() != null) {
                continue;
            }
            List<String> gates = KubeTranslation.schedulingGates(p);
            if (gates.isEmpty()) {
                raw.add(p);
            } else {
                gated.add(new ClusterView.GatedPod(namespaceOf(p) + "/" + p.metadata().name(), gates));
            }
        }
        Instant now = clock.instant();
        list("/api/v1/pods", Map.of("fieldSelector", BOUND_AND_LIVE), KubeObjects.Pod.class).stream()
                .filter(p -> nodeNames.contains(nodeName(p)) && !phase(p).finished())
                .filter(p -> !KubeTranslation.longTerminating(p, now, config.terminatingMargin()))
                .forEach(raw::add);
        raw.forEach(p -> remember("Pod", p.metadata()));
        List<Pod> pods = KubeTranslation.each(raw, "pods", KubeTranslation::pod);
        List<Pdb> pdbs = KubeTranslation.each(list("/apis/policy/v1/poddisruptionbudgets", Map.of(), KubeObjects.PodDisruptionBudget.class),
                "poddisruptionbudgets", b -> KubeTranslation.pdb(b, pods));
        List<Pod> daemonSets = KubeTranslation.each(list("/apis/apps/v1/daemonsets", Map.of(), KubeObjects.DaemonSet.class),
                "daemonsets", KubeTranslation::daemonSetPod);
        return new ClusterView(nodes, pods, groups, pdbs, daemonSets, gated, policy());
    }

    /** The AutoscalerPolicy named default in this namespace; null when there is none (404). */
    @Override
    public AutoscalerPolicy policy() {
        try {
            KubeObjects.PolicyObject o = api.get("/apis/" + GROUP + "/" + VERSION + "/namespaces/" + namespace + "/autoscalerpolicies/"
                    + AutoscalerPolicy.NAME, KubeObjects.PolicyObject.class);
            remember("AutoscalerPolicy", o == null ? null : o.metadata());
            return o == null ? null : KubeTranslation.policy(o);
        } catch (KubeApi.Failure f) {
            if (f.code() == 404) {
                return null;
            }
            throw f;
        }
    }

    @Override
    public List<NodeGroup> nodeGroups() {
        List<KubeObjects.NodeGroupObject> raw = list(groupsPath(), Map.of(), KubeObjects.NodeGroupObject.class);
        raw.forEach(o -> remember("NodeGroup", o == null ? null : o.metadata()));
        return KubeTranslation.each(raw, "nodegroups", KubeTranslation::nodeGroup);
    }

    @Override
    public List<Pod> podsOn(String node) {
        Instant now = clock.instant();
        // A pod terminating for longer than its grace period plus the margin is on a dead kubelet: it counts as gone.
        List<KubeObjects.Pod> raw = list("/api/v1/pods", Map.of("fieldSelector", "spec.nodeName=" + node), KubeObjects.Pod.class)
                .stream().filter(p -> node.equals(nodeName(p)) && !KubeTranslation.longTerminating(p, now, config.terminatingMargin())).toList();
        return KubeTranslation.each(raw, "pods", KubeTranslation::pod);
    }

    @Override
    public NodeGroup writeStatus(NodeGroup group, NodeGroup.Status status) {
        return replace(group, "/status", group.spec(), status);
    }

    /** Replaces the group's object (or its {@code sub}resource) under its resourceVersion; a 409 is a {@link StatusConflict}. */
    private NodeGroup replace(NodeGroup group, String sub, NodeGroup.Spec spec, NodeGroup.Status status) {
        KubeObjects.NodeGroupObject body = new KubeObjects.NodeGroupObject(GROUP + "/" + VERSION, "NodeGroup",
                new KubeObjects.ObjectMeta(group.name(), group.namespace(), group.resourceVersion(), null, null, null), spec, status);
        try {
            return KubeTranslation.nodeGroup(api.send("PUT", groupsPath(group.namespace()) + "/" + group.name() + sub, "application/json", body,
                    KubeObjects.NodeGroupObject.class));
        } catch (KubeApi.Failure f) {
            if (f.code() == 409) {
                throw new StatusConflict(group.name());
            }
            throw f;
        }
    }

    @Override
    public boolean createNodeGroup(NodeGroup group) {
        KubeObjects.NodeGroupObject body = new KubeObjects.NodeGroupObject(GROUP + "/" + VERSION, "NodeGroup",
                KubeObjects.ObjectMeta.named(group.name(), group.namespace()), group.spec(), null);
        try {
            api.send("POST", groupsPath(group.namespace()), "application/json", body, KubeObjects.NodeGroupObject.class);
            return true;
        } catch (KubeApi.Failure f) {
            if (f.code() == 409) {
                return false;
            }
            throw f;
        }
    }

    @Override
    public NodeGroup writeSpec(NodeGroup group, NodeGroup.Spec spec) {
        return replace(group, "", spec, null);
    }

    @Override
    public void deleteNodeGroup(NodeGroup group) {
        try {
            api.delete(groupsPath(group.namespace()) + "/" + group.name());
        } catch (KubeApi.Failure f) {
            if (f.code() != 404) {
                throw f;
            }
        }
    }

    @Override
    public void deleteNode(String name) {
        try {
            api.delete("/api/v1/nodes/" + name);
        } catch (KubeApi.Failure f) {
            if (f.code() != 404) {
                throw f;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void editNode(String node, NodeEdit edit) {
        // Read-modify-replace of the whole Node, kept as a map so fields this adapter does not model
        // survive, and conditional on its resourceVersion: the node controller edits taints
        // (not-ready, unreachable) while a node joins.
        for (int attempt = 1; ; attempt++) {
            Map<String, Object> current = api.get("/api/v1/nodes/" + node, Map.class);
            Map<String, Object> meta = (Map<String, Object>) current.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
            Map<String, Object> nodeLabels = new LinkedHashMap<>((Map<String, Object>) meta.getOrDefault("labels", Map.of()));
            edit.removeLabels().forEach(nodeLabels::remove);
            nodeLabels.putAll(edit.setLabels());
            meta.put("labels", nodeLabels);
            if (!edit.setAnnotations().isEmpty()) {
                Map<String, Object> notes = new LinkedHashMap<>((Map<String, Object>) meta.getOrDefault("annotations", Map.of()));
                notes.putAll(edit.setAnnotations());
                meta.put("annotations", notes);
            }
            Map<String, Object> spec = (Map<String, Object>) current.computeIfAbsent("spec", k -> new LinkedHashMap<>());
            List<Map<String, Object>> merged = new ArrayList<>();
            for (Map<String, Object> t : (List<Map<String, Object>>) spec.getOrDefault("taints", List.of())) {
                Object value = t.get("value");
                if (!edit.drops(new Taint(String.valueOf(t.get("key")), value == null ? null : String.valueOf(value), String.valueOf(t.get("effect"))))) {
                    merged.add(t);
                }
            }
            for (Taint t : edit.addTaints()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", t.key());
                if (t.value() != null && !t.value().isEmpty()) {
                    m.put("value", t.value());
                }
                m.put("effect", t.effect());
                merged.add(m);
            }
            spec.put("taints", merged);
            try {
                api.send("PUT", "/api/v1/nodes/" + node, "application/json", current, Map.class);
                return;
            } catch (KubeApi.Failure f) {
                if (f.code() != 409 || attempt >= 3) {
                    throw f;
                }
            }
        }
    }

    @Override
    public void setUnschedulable(String node, boolean unschedulable) {
        api.send("PATCH", "/api/v1/nodes/" + node, KubeApi.MERGE_PATCH,
                new KubeWire.NodePatch(new KubeWire.NodePatchSpec(unschedulable)), KubeObjects.Node.class);
    }

    @Override
    public Eviction evict(String podNamespace, String pod) {
        KubeWire.Eviction body = new KubeWire.Eviction("policy/v1", "Eviction", KubeObjects.ObjectMeta.named(pod, podNamespace));
        try {
            api.send("POST", "/api/v1/namespaces/" + podNamespace + "/pods/" + pod + "/eviction", "application/json", body, Map.class);
            return Eviction.EVICTED;
        } catch (KubeApi.Failure f) {
            // Read by meaning, as the API server's eviction.go answers; none of these fails the reconcile.
            int code = f.code();
            if (code == 404) {
                return Eviction.GONE;
            }
            if (code == 429 || code == 500) {
                // 429: a PDB allows no disruption now. 500 is how the API server says a pod has
                // more than one PDB; that too is settled by waiting, not by forcing.
                return Eviction.BLOCKED;
            }
            if (code == 409 || code >= 500 || code <= 0) {
                return Eviction.RETRY;
            }
            LOG.warn("eviction of {}/{} denied (HTTP {}): {}", podNamespace, pod, code, f.getMessage());
            return Eviction.DENIED;
        }
    }

    /**
     * Posts an Event as Kubernetes' own components do: about the object by uid (kubectl describe
     * matches on it; the uid comes from this instance's last read of the object), in the object's
     * namespace or {@code default} for a cluster-scoped one, and a repeat of the same reason and
     * message on the same object within {@link #AGGREGATE_FOR} raises {@code count} and
     * {@code lastTimestamp} of the first Event instead of writing another.
     */
    @Override
    public void record(ClusterEvent e) {
        boolean clusterScoped = e.namespace() == null || e.namespace().isEmpty();
        String ns = clusterScoped ? "default" : e.namespace();
        Instant now = clock.instant();
        String stamp = now.toString();
        String key = e.kind() + "|" + ns + "|" + e.name() + "|" + e.type() + "|" + e.reason() + "|" + e.message();
        Recorded seen = recorded.get(key);
        if (seen != null && now.isBefore(seen.first().plus(AGGREGATE_FOR))) {
            int count = seen.count() + 1;
            try {
                api.send("PATCH", "/api/v1/namespaces/" + ns + "/events/" + seen.name(), KubeApi.MERGE_PATCH,
                        Map.of("count", count, "lastTimestamp", stamp), Map.class);
                recorded.put(key, new Recorded(seen.name(), seen.first(), count));
                return;
            } catch (KubeApi.Failure f) {
                LOG.debug("event {} not aggregated ({}); writing a new one", seen.name(), f.getMessage());
            }
        }
        Ref ref = refs.get(e.kind() + "|" + (clusterScoped ? "" : e.namespace()) + "|" + e.name());
        KubeWire.ObjectReference involved = new KubeWire.ObjectReference(
                "NodeGroup".equals(e.kind()) ? GROUP + "/" + VERSION : "v1", e.kind(),
                clusterScoped ? null : e.namespace(), e.name(), ref == null ? null : ref.uid(), ref == null ? null : ref.resourceVersion());
        // Named like kubectl's: object name plus a unique suffix.
        String name = e.name() + "." + Long.toHexString(now.toEpochMilli()) + java.util.UUID.randomUUID().toString().substring(0, 8);
        KubeWire.Event body = new KubeWire.Event("v1", "Event", KubeObjects.ObjectMeta.named(name, ns), involved, e.reason(), e.message(),
                e.type().name(), new KubeWire.Source("vpsie-autoscaler"), stamp, stamp, 1, "vpsie-autoscaler");
        try {
            api.send("POST", "/api/v1/namespaces/" + ns + "/events", "application/json", body, Map.class);
            if (recorded.size() > MAX_RECORDED) {
                recorded.entrySet().removeIf(x -> !now.isBefore(x.getValue().first().plus(AGGREGATE_FOR)));
                if (recorded.size() > MAX_RECORDED) {
                    recorded.clear();
                }
            }
            recorded.put(key, new Recorded(name, now, 1));
        } catch (KubeApi.Failure f) {
            LOG.warn("event {} on {} {}/{} not recorded: {}", e.reason(), e.kind(), ns, e.name(), f.getMessage());
        }
    }

    /** How long a repeated Event is folded into the first one (client-go's correlator uses 10 minutes). */
    static final java.time.Duration AGGREGATE_FOR = java.time.Duration.ofMinutes(10);
    private static final int MAX_RECORDED = 4_096;
    private static final int MAX_REFS = 100_000;

    private record Recorded(String name, Instant first, int count) {
    }

    /** An object's identity as last read: what an Event's involvedObject carries. */
    private record Ref(String uid, String resourceVersion) {
    }

    private final Map<String, Recorded> recorded = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Ref> refs = new java.util.concurrent.ConcurrentHashMap<>();

    private void remember(String kind, KubeObjects.ObjectMeta meta) {
        if (meta == null || meta.uid() == null || meta.name() == null) {
            return;
        }
        if (refs.size() > MAX_REFS) {
            refs.clear();
        }
        refs.put(kind + "|" + (meta.namespace() == null ? "" : meta.namespace()) + "|" + meta.name(), new Ref(meta.uid(), meta.resourceVersion()));
    }

    private <T> List<T> list(String path, Map<String, String> query, Class<T> type) {
        return api.list(path, new LinkedHashMap<>(query), type, config.pageSize());
    }

    private String groupsPath() {
        return groupsPath(namespace);
    }

    static String groupsPath(String ns) {
        return "/apis/" + GROUP + "/" + VERSION + "/namespaces/" + ns + "/nodegroups";
    }

    private static PodPhase phase(KubeObjects.Pod p) {
        return PodPhase.of(p.status() == null ? null : p.status().phase());
    }

    private static String nodeName(KubeObjects.Pod p) {
        return p.spec() == null || p.spec().nodeName() == null ? "" : p.spec().nodeName();
    }
}
