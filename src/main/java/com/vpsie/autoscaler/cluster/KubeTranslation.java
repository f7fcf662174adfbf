package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.capacity.Toleration;
import com.vpsie.autoscaler.reconcile.NodeGroup;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes objects into the planner's types. Malformed quantities and missing names surface as
 * {@link IllegalArgumentException}s naming the object and field.
 */
public final class KubeTranslation {
    private KubeTranslation() {
    }

    public static Node node(KubeObjects.Node n) {
        KubeObjects.ObjectMeta meta = require(n.metadata(), "node", "metadata");
        String name = require(meta.name(), "node", "metadata.name");
        Map<String, String> labels = meta.labels() == null ? Map.of() : meta.labels();
        KubeObjects.NodeSpec spec = n.spec();
        List<Taint> taints = spec == null || spec.taints() == null ? List.of()
                : spec.taints().stream().map(t -> new Taint(t.key(), t.value(), t.effect())).toList();
        KubeObjects.NodeStatus status = n.status();
        Map<String, String> allocatable = status == null ? null
                : Optional.ofNullable(status.allocatable()).orElse(status.capacity());
        boolean ready = status != null && status.conditions() != null && status.conditions().stream()
                .anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status()));
        return new Node(name, labels.get(Node.GROUP_LABEL), labels, taints,
                quantities(allocatable, "node " + name, "status.allocatable"), ready,
                spec != null && Boolean.TRUE.equals(spec.unschedulable()));
    }

    public static Pod pod(KubeObjects.Pod p) {
        KubeObjects.ObjectMeta meta = require(p.metadata(), "pod", "metadata");
        String name = require(meta.name(), "pod", "metadata.name");
        String namespace = meta.namespace() == null ? "default" : meta.namespace();
        String where = "pod " + namespace + "/" + name;
        KubeObjects.PodSpec spec = p.spec() == null ? new KubeObjects.PodSpec(null, null, null, null, null, null) : p.spec();
        Resources requests = Resources.NONE;
        for (KubeObjects.Container c : spec.containers() == null ? List.<KubeObjects.Container>of() : spec.containers()) {
            requests = requests.plus(containerRequests(c, where));
        }
        // Init containers run one at a time before the app containers: the pod needs the largest of them.
        for (KubeObjects.Container c : spec.initContainers() == null ? List.<KubeObjects.Container>of() : spec.initContainers()) {
            requests = requests.max(containerRequests(c, where));
        }
        requests = requests.plus(quantities(spec.overhead(), where, "spec.overhead"));
        List<Toleration> tolerations = spec.tolerations() == null ? List.of()
                : spec.tolerations().stream().map(t -> new Toleration(t.key(), t.operator(), t.value(), t.effect())).toList();
        String owner = meta.ownerReferences() == null ? null : meta.ownerReferences().stream()
                .filter(o -> o.controller() == null || o.controller()).map(KubeObjects.OwnerReference::kind).findFirst().orElse(null);
        String phase = p.status() == null || p.status().phase() == null ? "Pending" : p.status().phase();
        return new Pod(namespace, name, phase, spec.nodeName(), requests, spec.nodeSelector(), tolerations, owner);
    }

    public static NodeGroup nodeGroup(KubeObjects.NodeGroupObject o) {
        KubeObjects.ObjectMeta meta = require(o.metadata(), "NodeGroup", "metadata");
        String name = require(meta.name(), "NodeGroup", "metadata.name");
        NodeGroup.Spec spec = require(o.spec(), "NodeGroup " + name, "spec");
        return new NodeGroup(name, meta.namespace() == null ? "default" : meta.namespace(), meta.resourceVersion(), spec,
                o.status() == null ? NodeGroup.Status.EMPTY : o.status());
    }

    private static Resources containerRequests(KubeObjects.Container c, String where) {
        return c.resources() == null ? Resources.NONE
                : quantities(c.resources().requests(), where, "container " + c.name() + " resources.requests");
    }

    private static Resources quantities(Map<String, String> list, String where, String field) {
        try {
            return Resources.fromQuantities(list);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(where + " " + field + ": " + e.getMessage(), e);
        }
    }

    private static <T> T require(T value, String what, String field) {
        if (value == null) {
            throw new IllegalArgumentException(what + ": " + field + " is required");
        }
        return value;
    }
}
