package com.vpsie.autoscaler.capacity;

import java.util.Map;

/**
 * One scheduling rule, as kube-scheduler's filter plugins: given a pod, a node and the state of
 * the simulated cluster, either null (the pod may go there) or the reason it may not.
 */
sealed interface FitPredicate permits FitPredicate.AcceptsPods, FitPredicate.NodeSelectorMatches, FitPredicate.NodeAffinityMatches,
        FitPredicate.TaintsTolerated, FitPredicate.ResourcesFit, FitPredicate.HostPortsFree,
        FitPredicate.PodAntiAffinity, FitPredicate.TopologySpread {

    Rejection reject(Pod pod, PlannedNode node, PreFilterState state);

    /** As {@code reject(...) == null}, without wording a reason: the planner's hot path. */
    default boolean admits(Pod pod, PlannedNode node, PreFilterState state) {
        return reject(pod, node, state) == null;
    }

    /** Whether every predicate of every set admits the pod. */
    static boolean admitsAll(Pod pod, PlannedNode node, PreFilterState state, FitPredicate[]... sets) {
        for (FitPredicate[] set : sets) {
            for (FitPredicate p : set) {
                if (!p.admits(pod, node, state)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The node itself takes pods: Ready and not cordoned (planned and provisioning nodes are taken to join so). */
    FitPredicate[] READINESS = {new AcceptsPods()};

    /** Rules that depend only on the pod and the node's labels and taints: the same for every node of a group. */
    FitPredicate[] STATIC = {new NodeSelectorMatches(), new NodeAffinityMatches(), new TaintsTolerated()};

    /** Rules that depend on what is already on the node and in its domains; cheapest first. */
    FitPredicate[] DYNAMIC = {new ResourcesFit(), new HostPortsFree(), new PodAntiAffinity(), new TopologySpread()};

    /** The reason the first failing predicate gives, or null when the pod fits. */
    static Rejection firstRejection(Pod pod, PlannedNode node, PreFilterState state, FitPredicate[]... sets) {
        for (FitPredicate[] set : sets) {
            for (FitPredicate p : set) {
                Rejection reason = p.reject(pod, node, state);
                if (reason != null) {
                    return reason;
                }
            }
        }
        return null;
    }

    /** Every scheduling rule, static ones first (not readiness: callers choose the nodes). */
    static Rejection check(Pod pod, PlannedNode node, PreFilterState state) {
        return firstRejection(pod, node, state, STATIC, DYNAMIC);
    }

    record AcceptsPods() implements FitPredicate {
        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            return node.acceptsPods() ? null : !node.node().ready() ? Rejection.notReady() : Rejection.unschedulable();
        }
    }

    record NodeSelectorMatches() implements FitPredicate {
        /** The first selector entry the labels do not carry, or null when all match. */
        static Map.Entry<String, String> firstMismatch(Map<String, String> selector, Map<String, String> labels) {
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return e;
                }
            }
            return null;
        }

        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            Map.Entry<String, String> e = firstMismatch(pod.nodeSelector(), node.node().labels());
            return e == null ? null : Rejection.nodeSelector(e.getKey(), e.getValue());
        }
    }

    record NodeAffinityMatches() implements FitPredicate {
        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            return pod.nodeAffinity().matches(node.node().labels()) ? null : Rejection.nodeAffinity(pod.nodeAffinity());
        }
    }

    record TaintsTolerated() implements FitPredicate {
        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            for (Taint taint : node.node().taints()) {
                if (taint.repels() && pod.tolerations().stream().noneMatch(t -> t.tolerates(taint))) {
                    return Rejection.untoleratedTaint(taint);
                }
            }
            return null;
        }
    }

    record ResourcesFit() implements FitPredicate {
        @Override
        public boolean admits(Pod pod, PlannedNode node, PreFilterState state) {
            return node.free().fitsWithPodSlot(pod.requests());
        }

        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            Resources need = pod.footprint();
            return node.free().fits(need) ? null : node.free().shortfall(need);
        }
    }

    record HostPortsFree() implements FitPredicate {
        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            for (HostPort wanted : pod.hostPorts()) {
                for (HostPort taken : node.ports()) {
                    if (wanted.conflictsWith(taken)) {
                        return Rejection.hostPort(wanted);
                    }
                }
            }
            return null;
        }
    }

    /** Required pod anti-affinity, both ways: the pod's own terms, and terms of pods already placed that select it. */
    record PodAntiAffinity() implements FitPredicate {
        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            for (AffinityTerm t : pod.antiAffinity()) {
                String d = node.node().domain(t.topologyKey());
                if (d != null && state.cluster().counts(PlannedCluster.antiAffinityKey(pod, t)).getOrDefault(d, 0) > 0) {
                    return Rejection.podAntiAffinity(t, d);
                }
            }
            for (PlannedCluster.HolderKey h : state.antiAffinityAgainst()) {
                String d = node.node().domain(h.term().topologyKey());
                if (d != null && state.cluster().holders().get(h).getOrDefault(d, 0) > 0) {
                    return Rejection.existingPodAntiAffinity(h.term(), d);
                }
            }
            return null;
        }
    }

    /** Topology spread constraints with DoNotSchedule: matching pods in the node's domain + 1 − global minimum ≤ maxSkew. */
    record TopologySpread() implements FitPredicate {
        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            for (int i = 0; i < pod.spread().size(); i++) {
                SpreadConstraint c = pod.spread().get(i);
                String d = node.node().domain(c.topologyKey());
                if (d == null) {
                    return Rejection.topologyLabelMissing(c.topologyKey());
                }
                int matching = state.cluster().counts(PlannedCluster.spreadKey(pod, c)).getOrDefault(d, 0);
                int self = c.selector().matches(pod.labels()) ? 1 : 0;
                int min = state.spreadMinimums()[i];
                if (matching + self - min > c.maxSkew()) {
                    return Rejection.topologySpread(c, d, matching, min);
                }
            }
            return null;
        }
    }
}
