package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The read-only questions the HTTP side asks: nothing here writes to Kubernetes or VPSie. */
public interface GroupQueries {
    boolean dryRun();

    /** Names of the managed node groups, in order. */
    List<String> groupNames();

    /** Every managed group at a glance; the VPSie size is left out when VPSie cannot be asked. */
    List<NodeGroupSummary> summaries();

    /** The plan for the live cluster, changing nothing. */
    PlanView livePlan();

    /** The plan for a cluster view, with VPSie sizes looked up live. */
    PlanView plan(ClusterView view);

    /**
     * The plan for a dump of a live cluster (kubectl's List): its nodes, pods, budgets and
     * DaemonSets, with the live NodeGroups when the dump has none, and the live VPSie sizes.
     */
    PlanView whatIfOnLiveGroups(ClusterView dump);

    /** Why the live cluster's node stays or goes, and when; empty when there is no such node. */
    Optional<Explanations.NodeAnswer> explainNode(String name);

    /** Why the live cluster's pod runs where it does or waits, and for what; empty when there is no such pod. */
    Optional<Explanations.PodAnswer> explainPod(String namespace, String name);

    /** The plan for any cluster view and any VPSie sizes: no side effects. */
    PlanView whatIf(ClusterView view, Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes);

    /** As {@link #whatIf(ClusterView, Function)}, new groups proposed from {@code offers} (a datacenter's VPSie sizes) when the policy allows. */
    PlanView whatIf(ClusterView view, Function<NodeGroup, Optional<VpsiePort.VpsieGroup>> sizes,
                    Function<String, List<VpsiePort.VpsieSize>> offers);
}
