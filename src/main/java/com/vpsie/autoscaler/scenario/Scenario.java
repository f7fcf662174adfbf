package com.vpsie.autoscaler.scenario;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.cluster.KubeObjects;
import com.vpsie.autoscaler.cluster.KubeTranslation;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.vpsie.VpsieWire;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Optional;

/**
 * A whole world in the formats users already have: VPSie offers and node groups as the VPSie API
 * answers them (and the cluster's {@code kubeVersion} as VPSie lists it), NodeGroup resources and
 * the {@code autoscalerPolicy}, and Nodes and Pods as {@code kubectl get -o json} prints them.
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
                       @Nullable List<KubeObjects.PodDisruptionBudget> podDisruptionBudgets,
                       @Nullable String kubeVersion, @Nullable KubeObjects.PolicyObject autoscalerPolicy) {

    public Scenario(@Nullable String clusterId, @Nullable List<VpsieWire.Offer> sizes, @Nullable List<VpsieWire.NodeGroup> vpsieNodeGroups,
                    @Nullable List<KubeObjects.NodeGroupObject> nodeGroups, @Nullable List<KubeObjects.Node> nodes,
                    @Nullable List<KubeObjects.Pod> pods, @Nullable List<KubeObjects.DaemonSet> daemonSets,
                    @Nullable List<KubeObjects.PodDisruptionBudget> podDisruptionBudgets) {
        this(clusterId, sizes, vpsieNodeGroups, nodeGroups, nodes, pods, daemonSets, podDisruptionBudgets, null, null);
    }

    /** The Kubernetes side, translated; throws IllegalArgumentException naming the bad object and field. */
    public ClusterView view() {
        KubeTranslation.each(sizes, "sizes", Scenario::size);
        KubeTranslation.each(vpsieNodeGroups, "vpsieNodeGroups", x -> x);
        ClusterParts parts = new ClusterParts(new KeptText(Long.MAX_VALUE));  // a body already read whole, within its own limit
        each(nodes, "nodes", parts::node);
        each(pods, "pods", parts::pod);
        each(nodeGroups, "nodeGroups", parts::nodeGroup);
        each(podDisruptionBudgets, "podDisruptionBudgets", parts::podDisruptionBudget);
        each(daemonSets, "daemonSets", parts::daemonSet);
        if (autoscalerPolicy != null) {
            parts.policy(autoscalerPolicy, "autoscalerPolicy", 0);
        }
        return parts.view();
    }

    private interface Part<T> {
        void add(T object, String list, int index);
    }

    private static <T> void each(List<T> objects, String list, Part<T> part) {
        for (int i = 0; i < orEmpty(objects).size(); i++) {
            part.add(objects.get(i), list, i);
        }
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
                return Optional.of(new VpsiePort.VpsieGroup(v.id(), v.groupName(), v.cpu(), v.ram(), v.nodesCount(), price, v.dcIdentifier(),
                        kubeVersion));
            }
            return offer.map(s -> new VpsiePort.VpsieGroup(v.id(), v.groupName(), s.cpu(), s.ram(), v.nodesCount(), price, v.dcIdentifier(),
                    kubeVersion));
        });
    }

    /** A size the planner can fill and price: CPUs and RAM above zero, a finite price of zero or more. */
    private static VpsieWire.Offer size(VpsieWire.Offer o) {
        return size(o, null, 0);
    }

    /** The same, naming the size as {@code list[index]} when a list is given. */
    static VpsieWire.Offer size(VpsieWire.Offer o, @Nullable String list, int index) {
        String where = list == null ? "" : list + "[" + index + "]: ";
        if (o.cpu() < 1) {
            throw new IllegalArgumentException(where + "cpu: expected 1 or more, got " + o.cpu());
        }
        if (o.ram() < 1) {
            throw new IllegalArgumentException(where + "ram: expected 1 or more (MB), got " + o.ram());
        }
        if (!Double.isFinite(o.hourly()) || o.hourly() < 0) {
            throw new IllegalArgumentException(where + (o.hourlyPrice() != null ? "hourly_price" : "price") + ": expected a price of 0 or more, got "
                    + (o.hourlyPrice() != null ? o.hourlyPrice() : o.price()));
        }
        return o;
    }

    /** The sizes of the scenario, whatever the datacenter: a what-if offers every size it lists. */
    public List<VpsiePort.VpsieSize> offers(String datacenter) {
        return orEmpty(sizes).stream().map(o -> new VpsiePort.VpsieSize(o.id(), o.name(), o.cpu(), o.ram(), o.disk(), o.hourly())).toList();
    }

    public static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
