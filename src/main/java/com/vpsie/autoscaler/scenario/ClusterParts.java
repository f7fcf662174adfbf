package com.vpsie.autoscaler.scenario;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pdb;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.cluster.KubeObjects;
import com.vpsie.autoscaler.cluster.KubeTranslation;
import com.vpsie.autoscaler.port.ClusterView;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A cluster's Kubernetes objects translated one at a time, as they are read, into the planner's
 * records, then checked as a whole. Kept this way, a dump of 30,000 pods holds 30,000 small
 * records while it is read, not the decoded objects as well. Each refusal starts with where the
 * object was, its list and index ({@code pods[3]}, {@code items[17]}), worded only then.
 */
final class ClusterParts {
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final List<Pod> pods = new ArrayList<>();
    private final List<ClusterView.GatedPod> gated = new ArrayList<>();
    private final List<NodeGroup> nodeGroups = new ArrayList<>();
    private final List<Pod> daemonSets = new ArrayList<>();
    /** Budgets count the pods they select, so they are translated once every pod is in. */
    private final List<Located<KubeObjects.PodDisruptionBudget>> budgets = new ArrayList<>();

    private final KeptText kept;

    private record Located<T>(T object, String list, int index) {
    }

    /** @param kept what the view keeps, counted and bounded */
    ClusterParts(KeptText kept) {
        this.kept = kept;
    }

    void node(KubeObjects.Node n, String list, int index) {
        Node node = at(list, index, () -> KubeTranslation.node(present(n)));
        kept.node(node);
        if (!nodeNames.add(node.name())) {
            throw new IllegalArgumentException("nodes: duplicate node name '" + node.name() + "'");
        }
        nodes.add(node);
    }

    /** A pod the scheduler may not place yet (scheduling gates) is reported apart, not planned for. */
    void pod(KubeObjects.Pod p, String list, int index) {
        at(list, index, () -> {
            List<String> gates = KubeTranslation.schedulingGates(present(p));
            if (gates.isEmpty() || p.spec().nodeName() != null && !p.spec().nodeName().isEmpty()) {
                Pod pod = KubeTranslation.pod(p);
                kept.pod(pod);
                pods.add(pod);
            } else {
                String ns = p.metadata() == null || p.metadata().namespace() == null ? "default" : p.metadata().namespace();
                gated.add(new ClusterView.GatedPod(ns + "/" + (p.metadata() == null ? "?" : p.metadata().name()), gates));
            }
            return p;
        });
    }

    void nodeGroup(KubeObjects.NodeGroupObject o, String list, int index) {
        NodeGroup group = at(list, index, () -> KubeTranslation.nodeGroup(present(o)));
        if (group.spec().max() < group.spec().min()) {
            throw new IllegalArgumentException("nodeGroups[" + group.name() + "].spec.maxNodes: expected >= minNodes "
                    + group.spec().min() + ", got " + group.spec().max());
        }
        if (nodeGroups.stream().anyMatch(g -> g.name().equals(group.name()) && g.namespace().equals(group.namespace()))) {
            // One name is one resource: two would be planned twice, each past the other's bounds.
            throw new IllegalArgumentException(list + "[" + index + "].metadata.name: expected a NodeGroup name not used before, got '"
                    + group.name() + "' again");
        }
        nodeGroups.add(group);
    }

    void daemonSet(KubeObjects.DaemonSet d, String list, int index) {
        Pod pod = at(list, index, () -> KubeTranslation.daemonSetPod(present(d)));
        kept.pod(pod);
        daemonSets.add(pod);
    }

    void podDisruptionBudget(KubeObjects.PodDisruptionBudget b, String list, int index) {
        budgets.add(new Located<>(at(list, index, () -> present(b)), list, index));
    }

    /** The AutoscalerPolicy (one at most: a second is refused naming it). */
    void policy(KubeObjects.PolicyObject o, String list, int index) {
        com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy p = at(list, index, () -> KubeTranslation.policy(present(o)));
        if (!com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy.NAME.equals(p.name())) {
            throw new IllegalArgumentException(("autoscalerPolicy".equals(list) ? list : list + "[" + index + "]")
                    + ".metadata.name: expected 'default' (the autoscaler reads one AutoscalerPolicy,"
                    + " named default), got '" + com.vpsie.autoscaler.limits.Bounded.text(p.name(), 64) + "'");
        }
        if (policy != null) {
            throw new IllegalArgumentException(list + ": a second AutoscalerPolicy (" + p.name() + "); the cluster has one");
        }
        policy = p;
    }

    private com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy policy;

    ClusterView view() {
        List<Pdb> pdbs = new ArrayList<>(budgets.size());
        for (Located<KubeObjects.PodDisruptionBudget> b : budgets) {
            Pdb pdb = at(b.list(), b.index(), () -> KubeTranslation.pdb(b.object(), pods));
            kept.pdb(pdb);
            pdbs.add(pdb);
        }
        return new ClusterView(nodes, pods, nodeGroups, pdbs, daemonSets, gated, policy);
    }

    private static <T> T present(T object) {
        if (object == null) {
            throw new IllegalArgumentException("expected an object, got null");
        }
        return object;
    }

    private static <T> T at(String list, int index, Supplier<T> translation) {
        try {
            return translation.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(list + "[" + index + "]: " + e.getMessage(), e);
        }
    }
}
