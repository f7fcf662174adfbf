package com.vpsie.autoscaler.scenario;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pdb;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.cluster.KubeObjects;
import com.vpsie.autoscaler.cluster.KubeTranslation;
import com.vpsie.autoscaler.reconcile.ClusterView;
import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.reconcile.VpsiePort;
import com.vpsie.autoscaler.vpsie.VpsieWire;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A whole world in the formats users already have: VPSie offers and node groups as the VPSie API
 * answers them, NodeGroup resources, and Nodes and Pods as {@code kubectl get -o json} prints them.
 * Used by {@code POST /v1/plan} (what-if) and {@code PUT /sandbox/scenario}.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record Scenario(@Nullable String clusterId,
                       @Nullable List<VpsieWire.Offer> sizes,
                       @Nullable List<VpsieWire.NodeGroup> vpsieNodeGroups,
                       @Nullable List<KubeObjects.NodeGroupObject> nodeGroups,
                       @Nullable List<KubeObjects.Node> nodes,
                       @Nullable List<KubeObjects.Pod> pods,
                       @Nullable List<KubeObjects.DaemonSet> daemonSets,
                       @Nullable List<KubeObjects.PodDisruptionBudget> podDisruptionBudgets) {

    /** The Kubernetes side, translated; throws IllegalArgumentException naming the bad object and field. */
    public ClusterView view() {
        KubeTranslation.each(sizes, "sizes", x -> x);
        KubeTranslation.each(vpsieNodeGroups, "vpsieNodeGroups", x -> x);
        List<Node> n = KubeTranslation.each(nodes, "nodes", KubeTranslation::node);
        Set<String> seen = new HashSet<>();
        for (Node t : n) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("nodes: duplicate node name '" + t.name() + "'");
            }
        }
        List<KubeObjects.Pod> ready = new java.util.ArrayList<>();
        List<ClusterView.GatedPod> gated = new java.util.ArrayList<>();
        for (KubeObjects.Pod raw : orEmpty(pods)) {
            List<String> gates = raw == null ? List.of() : KubeTranslation.schedulingGates(raw);
            if (gates.isEmpty() || raw.spec().nodeName() != null && !raw.spec().nodeName().isEmpty()) {
                ready.add(raw);
            } else {
                String ns = raw.metadata() == null || raw.metadata().namespace() == null ? "default" : raw.metadata().namespace();
                gated.add(new ClusterView.GatedPod(ns + "/" + (raw.metadata() == null ? "?" : raw.metadata().name()), gates));
            }
        }
        List<Pod> p = KubeTranslation.each(ready, "pods", KubeTranslation::pod);
        List<NodeGroup> g = KubeTranslation.each(nodeGroups, "nodeGroups", KubeTranslation::nodeGroup);
        List<Pdb> budgets = KubeTranslation.each(podDisruptionBudgets, "podDisruptionBudgets", b -> KubeTranslation.pdb(b, p));
        List<Pod> daemons = KubeTranslation.each(daemonSets, "daemonSets", KubeTranslation::daemonSetPod);
        for (NodeGroup group : g) {
            if (group.spec().max() < group.spec().min()) {
                throw new IllegalArgumentException("nodeGroups[" + group.name() + "].spec.maxNodes: expected >= minNodes "
                        + group.spec().min() + ", got " + group.spec().max());
            }
        }
        return new ClusterView(n, p, g, budgets, daemons, gated);
    }

    /**
     * The VPSie group behind a NodeGroup, with cpu and ram taken from the group entry or, when the
     * entry leaves them out, from the offer its {@code boxsize_id} names.
     */
    public Optional<VpsiePort.VpsieGroup> sizeOf(NodeGroup g) {
        if (g.spec().vpsie() == null || g.spec().vpsie().nodeGroupId() == null) {
            return Optional.empty();
        }
        long id = g.spec().vpsie().nodeGroupId();
        return orEmpty(vpsieNodeGroups).stream().filter(v -> v.id() == id).findFirst().flatMap(v -> {
            Optional<VpsieWire.Offer> offer = orEmpty(sizes).stream().filter(s -> s.id() == v.boxsizeId()).findFirst();
            double price = offer.map(VpsieWire.Offer::hourly).orElse(0.0);
            if (v.cpu() > 0 && v.ram() > 0) {
                return Optional.of(new VpsiePort.VpsieGroup(v.id(), v.groupName(), v.cpu(), v.ram(), v.nodesCount(), price, v.dcIdentifier()));
            }
            return offer.map(s -> new VpsiePort.VpsieGroup(v.id(), v.groupName(), s.cpu(), s.ram(), v.nodesCount(), price, v.dcIdentifier()));
        });
    }

    public static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
