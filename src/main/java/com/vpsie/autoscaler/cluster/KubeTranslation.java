package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.AffinityTerm;
import com.vpsie.autoscaler.capacity.HostPort;
import com.vpsie.autoscaler.capacity.LabelRequirement;
import com.vpsie.autoscaler.capacity.LabelSelector;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.NodeAffinity;
import com.vpsie.autoscaler.capacity.Pdb;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.PodPhase;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.capacity.SpreadConstraint;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.capacity.Toleration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Kubernetes objects into the planner's types. Malformed quantities, selectors and missing names
 * surface as {@link IllegalArgumentException}s naming the object and field.
 */
public final class KubeTranslation {
    private static final KubeObjects.PodSpec NO_SPEC = new KubeObjects.PodSpec(null, null, null, null, null, null, null, null, null, null, null);

    private KubeTranslation() {
    }

    public static Node node(KubeObjects.Node n) {
        KubeObjects.ObjectMeta meta = require(n.metadata(), "node", "metadata");
        String name = require(meta.name(), "node", "metadata.name");
        Map<String, String> labels = meta.labels() == null ? Map.of() : meta.labels();
        String where = "node " + name;
        noNullValues(meta.labels(), where, " metadata.labels");
        noNullValues(meta.annotations(), where, " metadata.annotations");
        KubeObjects.NodeSpec spec = n.spec();
        List<Taint> taints = new ArrayList<>();
        if (spec != null) {
            noNulls(spec.taints(), where, " spec.taints");
            for (int i = 0; i < orEmpty(spec.taints()).size(); i++) {
                KubeObjects.Taint t = spec.taints().get(i);
                String at = where + " spec.taints[" + i + "]";
                taints.add(new Taint(require(t.key(), at, "key"), t.value(), require(t.effect(), at, "effect")));
            }
        }
        KubeObjects.NodeStatus status = n.status();
        if (status != null) {
            noNulls(status.conditions(), where, " status.conditions");
        }
        Map<String, String> allocatable = status == null ? null
                : Optional.ofNullable(status.allocatable()).orElse(status.capacity());
        Optional<KubeObjects.Condition> readyCondition = status == null ? Optional.empty()
                : orEmpty(status.conditions()).stream().filter(c -> "Ready".equals(c.type())).findFirst();
        boolean ready = readyCondition.map(c -> "True".equals(c.status())).orElse(false);
        // Since when the kubelet has not said Ready (False or Unknown): what repair counts from; unknown without the time.
        Instant notReadySince = ready ? null : readyCondition.map(KubeObjects.Condition::lastTransitionTime)
                .map(t -> instant(t, where + " status.conditions[Ready].lastTransitionTime")).orElse(null);
        return new Node(name, labels.get(Node.GROUP_LABEL), labels, meta.annotations(), taints,
                quantities(allocatable, "node " + name, "status.allocatable"), ready,
                spec != null && Boolean.TRUE.equals(spec.unschedulable()), notReadySince, origin(meta, status, where));
    }

    /** What the node was made as: its creation time, kubelet version and machine size (capacity), where given. */
    private static Node.Origin origin(KubeObjects.ObjectMeta meta, KubeObjects.NodeStatus status, String where) {
        Instant created = meta.creationTimestamp() == null ? null : instant(meta.creationTimestamp(), where + " metadata.creationTimestamp");
        Resources capacity = status == null || status.capacity() == null ? Resources.NONE
                : quantities(status.capacity(), where, "status.capacity");
        String kubelet = status == null || status.nodeInfo() == null ? null : status.nodeInfo().kubeletVersion();
        return new Node.Origin(created, kubelet, capacity.milliCpu(), capacity.memoryBytes());
    }

    public static Pod pod(KubeObjects.Pod p) {
        KubeObjects.ObjectMeta meta = require(p.metadata(), "pod", "metadata");
        String name = require(meta.name(), "pod", "metadata.name");
        String namespace = meta.namespace() == null ? "default" : meta.namespace();
        String owner = null;
        noNulls(meta.ownerReferences(), "pod " + namespace + "/" + name, " metadata.ownerReferences");
        for (KubeObjects.OwnerReference o : orEmpty(meta.ownerReferences())) {
            if (o.controller() == null || o.controller()) {
                owner = o.kind();
                break;
            }
        }
        PodPhase phase = PodPhase.of(p.status() == null ? null : p.status().phase());
        String nominated = p.status() == null ? null : p.status().nominatedNodeName();
        return fromSpec(namespace, name, meta, p.spec() == null ? NO_SPEC : p.spec(), phase, owner, nominated);
    }

    /** The names of a pod's scheduling gates; empty when the scheduler may place it. */
    public static List<String> schedulingGates(KubeObjects.Pod p) {
        return p.spec() == null ? List.of() : orEmpty(p.spec().schedulingGates()).stream()
                .map(g -> g == null || g.name() == null ? "(unnamed)" : g.name()).toList();
    }

    /**
     * Whether a terminating pod is as good as gone: its {@code deletionTimestamp} plus its grace
     * period plus {@code margin} is past. A pod on a node whose kubelet is dead keeps its
     * deletionTimestamp for ever; the Cluster Autoscaler counts such pods as gone the same way.
     */
    public static boolean longTerminating(KubeObjects.Pod p, Instant now, Duration margin) {
        String deletion = p.metadata() == null ? null : p.metadata().deletionTimestamp();
        if (deletion == null) {
            return false;
        }
        long grace = p.spec() == null || p.spec().terminationGracePeriodSeconds() == null ? 30 : p.spec().terminationGracePeriodSeconds();
        try {
            return Instant.parse(deletion).plusSeconds(Math.max(0, grace)).plus(margin).isBefore(now);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** A Kubernetes timestamp (RFC 3339); a value that is none names its field. */
    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": expected a time such as 2026-01-05T08:00:00Z, got '" + text + "'", e);
        }
    }

    /** The pod a DaemonSet would start on a node (a template, not a real pod). */
    public static Pod daemonSetPod(KubeObjects.DaemonSet d) {
        KubeObjects.ObjectMeta meta = require(d.metadata(), "DaemonSet", "metadata");
        String name = require(meta.name(), "DaemonSet", "metadata.name");
        String namespace = meta.namespace() == null ? "default" : meta.namespace();
        KubeObjects.PodTemplate t = d.spec() == null ? null : d.spec().template();
        KubeObjects.ObjectMeta podMeta = t == null || t.metadata() == null
                ? KubeObjects.ObjectMeta.named(name, namespace) : t.metadata();
        return fromSpec(namespace, name, podMeta, t == null || t.spec() == null ? NO_SPEC : t.spec(), PodPhase.PENDING, "DaemonSet", null);
    }

    /**
     * A PodDisruptionBudget. Uses {@code status.disruptionsAllowed} when the disruption controller
     * has filled it in; otherwise works it out from the spec and the matching pods that run.
     */
    public static Pdb pdb(KubeObjects.PodDisruptionBudget b, List<Pod> pods) {
        KubeObjects.ObjectMeta meta = require(b.metadata(), "PodDisruptionBudget", "metadata");
        String name = require(meta.name(), "PodDisruptionBudget", "metadata.name");
        String namespace = meta.namespace() == null ? "default" : meta.namespace();
        String where = "PodDisruptionBudget " + namespace + "/" + name;
        KubeObjects.PdbSpec spec = require(b.spec(), where, "spec");
        LabelSelector selector = spec.selector() == null ? LabelSelector.NOTHING
                : selector(spec.selector(), where + " spec.selector");
        if (b.status() != null && b.status().disruptionsAllowed() != null) {
            return new Pdb(namespace, name, selector, b.status().disruptionsAllowed());
        }
        List<Pod> matching = pods.stream().filter(p -> namespace.equals(p.namespace()) && selector.matches(p.labels())
                && !p.phase().finished()).toList();
        int expected = matching.size();
        int healthy = (int) matching.stream().filter(p -> p.phase() == PodPhase.RUNNING).count();
        int allowed;
        if (spec.maxUnavailable() != null) {
            allowed = intOrPercent(spec.maxUnavailable(), expected, false, where + " spec.maxUnavailable") - (expected - healthy);
        } else if (spec.minAvailable() != null) {
            allowed = healthy - intOrPercent(spec.minAvailable(), expected, true, where + " spec.minAvailable");
        } else {
            allowed = 0;
        }
        return new Pdb(namespace, name, selector, Math.max(0, allowed));
    }

    public static com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy policy(KubeObjects.PolicyObject o) {
        KubeObjects.ObjectMeta meta = require(o.metadata(), "AutoscalerPolicy", "metadata");
        String name = require(meta.name(), "AutoscalerPolicy", "metadata.name");
        return new com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy(name, meta.namespace() == null ? "default" : meta.namespace(),
                meta.resourceVersion(), o.spec() == null ? new com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy.Spec(null) : o.spec());
    }

    public static NodeGroup nodeGroup(KubeObjects.NodeGroupObject o) {
        KubeObjects.ObjectMeta meta = require(o.metadata(), "NodeGroup", "metadata");
        String name = require(meta.name(), "NodeGroup", "metadata.name");
        NodeGroup.Spec spec = require(o.spec(), "NodeGroup " + name, "spec");
        return new NodeGroup(name, meta.namespace() == null ? "default" : meta.namespace(), meta.resourceVersion(), spec,
                o.status() == null ? NodeGroup.Status.EMPTY : o.status());
    }

    private static Pod fromSpec(String namespace, String name, KubeObjects.ObjectMeta meta, KubeObjects.PodSpec spec, PodPhase phase,
                                String owner, String nominated) {
        // Plain loops and messages worded only on a refusal: a dump translates tens of thousands of pods.
        String where = "pod " + namespace + "/" + name;
        Resources requests = Resources.NONE;
        List<HostPort> ports = new ArrayList<>();
        noNulls(spec.containers(), where, " spec.containers");
        noNulls(spec.initContainers(), where, " spec.initContainers");
        noNulls(spec.tolerations(), where, " spec.tolerations");
        noNulls(spec.volumes(), where, " spec.volumes");
        noNullValues(spec.nodeSelector(), where, " spec.nodeSelector");
        noNullValues(meta.labels(), where, " metadata.labels");
        noNullValues(meta.annotations(), where, " metadata.annotations");
        for (KubeObjects.Container c : orEmpty(spec.containers())) {
            if (c.ports() != null && !c.ports().isEmpty()) {
                noNulls(c.ports(), where + " container " + c.name(), " ports");
            }
            requests = requests.plus(containerRequests(c, where));
            for (KubeObjects.ContainerPort port : orEmpty(c.ports())) {
                if (port.hostPort() != null && port.hostPort() > 0) {
                    ports.add(new HostPort(port.hostIP(), port.protocol(), port.hostPort()));
                }
            }
        }
        // Init containers run one at a time before the app containers: the pod needs the largest of them.
        for (KubeObjects.Container c : orEmpty(spec.initContainers())) {
            requests = requests.max(containerRequests(c, where));
        }
        requests = requests.plus(quantities(spec.overhead(), where, "spec.overhead"));
        List<Toleration> tolerations = new ArrayList<>(orEmpty(spec.tolerations()).size());
        for (KubeObjects.Toleration t : orEmpty(spec.tolerations())) {
            tolerations.add(new Toleration(t.key(), t.operator(), t.value(), t.effect()));
        }
        boolean localStorage = false;
        for (KubeObjects.Volume v : orEmpty(spec.volumes())) {
            localStorage |= v.hostPath() != null || (v.emptyDir() != null && !"Memory".equals(v.emptyDir().medium()));
        }
        return new Pod(namespace, name, phase, spec.nodeName(), nominated, requests, meta.labels(), meta.annotations(),
                spec.nodeSelector(), nodeAffinity(spec.affinity(), where), tolerations, antiAffinity(spec.affinity(), where),
                spread(spec.topologySpreadConstraints(), where), ports, owner, localStorage);
    }

    private static NodeAffinity nodeAffinity(KubeObjects.Affinity a, String where) {
        if (a == null || a.nodeAffinity() == null || a.nodeAffinity().requiredDuringSchedulingIgnoredDuringExecution() == null) {
            return NodeAffinity.ANY;
        }
        List<List<LabelRequirement>> terms = new ArrayList<>();
        List<KubeObjects.NodeSelectorTerm> given = orEmpty(a.nodeAffinity().requiredDuringSchedulingIgnoredDuringExecution().nodeSelectorTerms());
        noNulls(given, where, " spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms");
        for (int i = 0; i < given.size(); i++) {
            String field = where + " spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[" + i + "]";
            terms.add(requirements(given.get(i).matchExpressions(), field + ".matchExpressions"));
        }
        return new NodeAffinity(terms);
    }

    private static List<AffinityTerm> antiAffinity(KubeObjects.Affinity a, String where) {
        if (a == null || a.podAntiAffinity() == null) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>();
        List<KubeObjects.PodAffinityTerm> terms = orEmpty(a.podAntiAffinity().requiredDuringSchedulingIgnoredDuringExecution());
        noNulls(terms, where, " spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution");
        for (int i = 0; i < terms.size(); i++) {
            KubeObjects.PodAffinityTerm t = terms.get(i);
            String field = where + " spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[" + i + "]";
            // A term without a selector selects no pods, so it never keeps this pod away.
            if (t.labelSelector() == null) {
                continue;
            }
            noNulls(t.namespaces(), field, ".namespaces", "a namespace");
            out.add(new AffinityTerm(selector(t.labelSelector(), field + ".labelSelector"), require(t.topologyKey(), field, "topologyKey"),
                    t.namespaces() == null ? null : new HashSet<>(t.namespaces())));
        }
        return out;
    }

    private static List<SpreadConstraint> spread(List<KubeObjects.TopologySpreadConstraint> list, String where) {
        List<SpreadConstraint> out = new ArrayList<>();
        noNulls(list, where, " spec.topologySpreadConstraints");
        for (int i = 0; i < orEmpty(list).size(); i++) {
            KubeObjects.TopologySpreadConstraint c = list.get(i);
            String field = where + " spec.topologySpreadConstraints[" + i + "]";
            // ScheduleAnyway only ranks nodes; it never leaves a pod pending, so the planner ignores it.
            if (!"DoNotSchedule".equals(c.whenUnsatisfiable()) || c.labelSelector() == null) {
                continue;
            }
            try {
                out.add(new SpreadConstraint(require(c.maxSkew(), field, "maxSkew"), require(c.topologyKey(), field, "topologyKey"),
                        selector(c.labelSelector(), field + ".labelSelector"), c.minDomains() == null ? 1 : c.minDomains()));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(field + "." + e.getMessage(), e);
            }
        }
        return out;
    }

    private static LabelSelector selector(KubeObjects.LabelSelector s, String field) {
        noNullValues(s.matchLabels(), field, ".matchLabels");
        return new LabelSelector(s.matchLabels(), requirements(s.matchExpressions(), field + ".matchExpressions"));
    }

    private static List<LabelRequirement> requirements(List<KubeObjects.Requirement> given, String field) {
        List<LabelRequirement> out = new ArrayList<>();
        noNulls(given, field, "");
        for (int i = 0; i < orEmpty(given).size(); i++) {
            KubeObjects.Requirement r = given.get(i);
            String at = field + "[" + i + "]";
            noNulls(r.values(), at, ".values", "a string");
            try {
                out.add(new LabelRequirement(require(r.key(), at, "key"), require(r.operator(), at, "operator"), r.values()));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(at) ? e : new IllegalArgumentException(at + "." + e.getMessage(), e);
            }
        }
        return out;
    }

    private static int intOrPercent(Object v, int total, boolean roundUp, String field) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        String s = v.toString().trim();
        try {
            if (s.endsWith("%")) {
                double pct = Double.parseDouble(s.substring(0, s.length() - 1)) / 100 * total;
                return (int) (roundUp ? Math.ceil(pct) : Math.floor(pct));
            }
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": expected an integer or a percentage such as \"50%\", got '" + s + "'", e);
        }
    }

    private static Resources containerRequests(KubeObjects.Container c, String where) {
        return c.resources() == null ? Resources.NONE : quantities(c.resources().requests(), where, c.name(), "resources.requests");
    }

    private static Resources quantities(Map<String, String> list, String where, String field) {
        return quantities(list, where, null, field);
    }

    /** A resource list; a refusal names where, the container if any, and the field (worded only then: a dump has tens of thousands of containers). */
    private static Resources quantities(Map<String, String> list, String where, String container, String field) {
        try {
            return Resources.fromQuantities(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + (container == null ? "" : " container " + container) + " " + field + ": " + e.getMessage(), e);
        }
    }

    /** A list as JSON may give it: {@code [null]} is refused with where it was ({@code where} then {@code field}). */
    private static void noNulls(List<?> list, String where, String field) {
        noNulls(list, where, field, "an object");
    }

    /** The same for a list of {@code expected} (a string, a namespace). */
    private static void noNulls(List<?> list, String where, String field, String expected) {
        for (int i = 0; list != null && i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException(where + field + "[" + i + "]: expected " + expected + ", got null");
            }
        }
    }

    /** Labels, annotations and selectors are strings; a null value is refused with its key. */
    private static void noNullValues(Map<String, String> map, String where, String field) {
        if (map == null) {
            return;
        }
        // Not containsValue(null): an immutable map throws on that question.
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException(where + field + "." + e.getKey() + ": expected a string, got null");
            }
        }
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <T> T require(T value, String what, String field) {
        if (value == null) {
            throw new IllegalArgumentException(what + ": " + field + " is required");
        }
        return value;
    }

    /** Translates each element, naming the list and index of the first bad one. */
    public static <A, B> List<B> each(List<A> given, String list, Function<A, B> translate) {
        List<B> out = new ArrayList<>();
        for (int i = 0; i < orEmpty(given).size(); i++) {
            try {
                if (given.get(i) == null) {
                    throw new IllegalArgumentException("expected an object, got null");
                }
                out.add(translate.apply(given.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(list + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
