package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the planner needs to know of a pod. {@code requests} is already the effective request: the
 * sum of container requests, the maximum with each init container, plus pod overhead.
 * {@code ownerKind} is the kind of the controlling owner, null for a bare pod.
 * {@code localStorage}: it mounts an emptyDir not backed by memory, or a hostPath.
 */
public record Pod(String namespace, String name, PodPhase phase, String nodeName, String nominatedNodeName,
                  Resources requests, Map<String, String> labels, Map<String, String> annotations,
                  Map<String, String> nodeSelector, NodeAffinity nodeAffinity, List<Toleration> tolerations,
                  List<AffinityTerm> antiAffinity, List<SpreadConstraint> spread, List<HostPort> hostPorts,
                  String ownerKind, boolean localStorage) {
    public static final String SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";
    public static final String MIRROR = "kubernetes.io/config.mirror";

    public Pod {
        phase = phase == null ? PodPhase.PENDING : phase;
        nodeName = nodeName == null ? "" : nodeName;
        nominatedNodeName = nominatedNodeName == null ? "" : nominatedNodeName;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        nodeAffinity = nodeAffinity == null ? NodeAffinity.ANY : nodeAffinity;
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        antiAffinity = antiAffinity == null ? List.of() : List.copyOf(antiAffinity);
        spread = spread == null ? List.of() : List.copyOf(spread);
        hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
    }

    /** A pending pod with requests only; the {@code with…} methods add the rest. */
    public static Pod pending(String namespace, String name, Resources requests) {
        return new Pod(namespace, name, PodPhase.PENDING, null, null, requests, null, null, null, null, null, null, null, null, "ReplicaSet", false);
    }

    public Pod withLabels(Map<String, String> l) {
        return new Pod(namespace, name, phase, nodeName, nominatedNodeName, requests, l, annotations, nodeSelector, nodeAffinity,
                tolerations, antiAffinity, spread, hostPorts, ownerKind, localStorage);
    }

    public Pod withAnnotations(Map<String, String> a) {
        return new Pod(namespace, name, phase, nodeName, nominatedNodeName, requests, labels, a, nodeSelector, nodeAffinity,
                tolerations, antiAffinity, spread, hostPorts, ownerKind, localStorage);
    }

    public Pod withPlacementRules(Map<String, String> selector, NodeAffinity affinity, List<Toleration> t) {
        return new Pod(namespace, name, phase, nodeName, nominatedNodeName, requests, labels, annotations, selector, affinity,
                t, antiAffinity, spread, hostPorts, ownerKind, localStorage);
    }

    public Pod withPodRules(List<AffinityTerm> anti, List<SpreadConstraint> s, List<HostPort> ports) {
        return new Pod(namespace, name, phase, nodeName, nominatedNodeName, requests, labels, annotations, nodeSelector, nodeAffinity,
                tolerations, anti, s, ports, ownerKind, localStorage);
    }

    public Pod boundTo(String node, PodPhase newPhase) {
        return new Pod(namespace, name, newPhase, node, nominatedNodeName, requests, labels, annotations, nodeSelector, nodeAffinity,
                tolerations, antiAffinity, spread, hostPorts, ownerKind, localStorage);
    }

    public Pod withOwner(String kind, boolean usesLocalStorage) {
        return new Pod(namespace, name, phase, nodeName, nominatedNodeName, requests, labels, annotations, nodeSelector, nodeAffinity,
                tolerations, antiAffinity, spread, hostPorts, kind, usesLocalStorage);
    }

    public Pod nominatedTo(String node) {
        return new Pod(namespace, name, phase, nodeName, node, requests, labels, annotations, nodeSelector, nodeAffinity,
                tolerations, antiAffinity, spread, hostPorts, ownerKind, localStorage);
    }

    public String key() {
        return namespace + "/" + name;
    }

    /**
     * Pods in the order of their keys, without making a key per comparison: pods of one namespace
     * (nearly every comparison) compare by name, which orders them as their keys would.
     */
    static final java.util.Comparator<Pod> BY_KEY = (a, b) -> a.namespace.equals(b.namespace) ? a.name.compareTo(b.name) : a.key().compareTo(b.key());

    /** Largest CPU request first, then memory, then by key: the planner's order. */
    static List<Pod> largestFirst(java.util.Collection<Pod> pods) {
        List<Pod> out = new java.util.ArrayList<>(pods);
        // One comparator, not a chain of three: a plan sorts every pending pod.
        out.sort((a, b) -> a.requests.milliCpu() != b.requests.milliCpu() ? Long.compare(b.requests.milliCpu(), a.requests.milliCpu())
                : a.requests.memoryBytes() != b.requests.memoryBytes() ? Long.compare(b.requests.memoryBytes(), a.requests.memoryBytes())
                : BY_KEY.compare(a, b));
        return out;
    }

    /** The pods in the order of their keys (planning sorts thousands). */
    static List<Pod> sortedByKey(java.util.Collection<Pod> pods) {
        List<Pod> out = new java.util.ArrayList<>(pods);
        out.sort(BY_KEY);
        return out;
    }

    public boolean isDaemonSetPod() {
        return "DaemonSet".equals(ownerKind);
    }

    /** A static pod as the API server mirrors it: it lives and dies with its node. */
    public boolean isMirror() {
        return annotations.containsKey(MIRROR) || "Node".equals(ownerKind);
    }

    /** Waiting for a node: Pending, not bound, no node nominated by preemption, and not a DaemonSet pod (those follow nodes). */
    public boolean awaitsNode() {
        return phase == PodPhase.PENDING && nodeName.isEmpty() && nominatedNodeName.isEmpty() && !isDaemonSetPod();
    }

    /** Holds resources on its node: bound and not finished. */
    public boolean occupiesNode() {
        return !nodeName.isEmpty() && !phase.finished();
    }

    /** The pod counted as one pod slot on top of its requests. */
    public Resources footprint() {
        return requests.plus(Resources.ONE_POD);
    }

    /** Everything that decides where this pod may go, without its name: identical shapes are planned as one. */
    public Shape shape() {
        return new Shape(namespace, labels, requests, nodeSelector, nodeAffinity, tolerations, antiAffinity, spread, hostPorts);
    }

    public record Shape(String namespace, Map<String, String> labels, Resources requests, Map<String, String> nodeSelector,
                        NodeAffinity nodeAffinity, List<Toleration> tolerations, List<AffinityTerm> antiAffinity,
                        List<SpreadConstraint> spread, List<HostPort> hostPorts) {
        /** As {@code equals(p.shape())}, without making one: batching asks it of each pod against the shape before. */
        boolean of(Pod p) {
            return Objects.equals(namespace, p.namespace) && requests.equals(p.requests) && labels.equals(p.labels)
                    && nodeSelector.equals(p.nodeSelector) && nodeAffinity.equals(p.nodeAffinity) && tolerations.equals(p.tolerations)
                    && antiAffinity.equals(p.antiAffinity) && spread.equals(p.spread) && hostPorts.equals(p.hostPorts);
        }
    }
}
