package com.vpsie.autoscaler.capacity;

import java.util.List;
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
            if (selector.isEmpty()) {
                return null;  // most pods: no entry set and iterator made for nothing
            }
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return e;
                }
            }
            return null;
        }

        @Override
        public boolean admits(Pod pod, PlannedNode node, PreFilterState state) {
            return firstMismatch(pod.nodeSelector(), node.node().labels()) == null;
        }

        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            Map.Entry<String, String> e = firstMismatch(pod.nodeSelector(), node.node().labels());
            return e == null ? null : Rejection.nodeSelector(e.getKey(), e.getValue());
        }
    }

    record NodeAffinityMatches() implements FitPredicate {
        @Override
        public boolean admits(Pod pod, PlannedNode node, PreFilterState state) {
            return pod.nodeAffinity().matches(node.node().labels());
        }

        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            return pod.nodeAffinity().matches(node.node().labels()) ? null : Rejection.nodeAffinity(pod.nodeAffinity());
        }
    }

    record TaintsTolerated() implements FitPredicate {
        @Override
        public boolean admits(Pod pod, PlannedNode node, PreFilterState state) {
            return firstUntolerated(pod, node) == null;
        }

        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            Taint taint = firstUntolerated(pod, node);
            return taint == null ? null : Rejection.untoleratedTaint(taint);
        }

        private static Taint firstUntolerated(Pod pod, PlannedNode node) {
            for (Taint taint : node.node().taints()) {
                if (taint.repels() && !tolerated(pod.tolerations(), taint)) {
                    return taint;
                }
            }
            return null;
        }

        private static boolean tolerated(List<Toleration> tolerations, Taint taint) {
            for (Toleration t : tolerations) {
                if (t.tolerates(taint)) {
                    return true;
                }
            }
            return false;
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
        public boolean admits(Pod pod, PlannedNode node, PreFilterState state) {
            return pod.hostPorts().isEmpty() || firstTaken(pod, node) == null;
        }

        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            HostPort wanted = firstTaken(pod, node);
            return wanted == null ? null : Rejection.hostPort(wanted);
        }

        /** The first port the pod wants that the node's pods already hold, or null. */
        private static HostPort firstTaken(Pod pod, PlannedNode node) {
            for (HostPort wanted : pod.hostPorts()) {
                for (HostPort taken : node.ports()) {
                    if (wanted.conflictsWith(taken)) {
                        return wanted;
                    }
                }
            }
            return null;
        }
    }

    /** Required pod anti-affinity, both ways: the pod's own terms, and terms of pods already placed that select it. */
    record PodAntiAffinity() implements FitPredicate {
        @Override
        public boolean admits(Pod pod, PlannedNode node, PreFilterState state) {
            return firstRefusal(pod, node, state) < 0;
        }

        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            int i = firstRefusal(pod, node, state);
            if (i < 0) {
                return null;
            }
            if (i < pod.antiAffinity().size()) {
                AffinityTerm t = pod.antiAffinity().get(i);
                return Rejection.podAntiAffinity(t, node.node().domain(t.topologyKey()));
            }
            AffinityTerm t = state.antiAffinityAgainst().get(i - pod.antiAffinity().size()).term();
            return Rejection.existingPodAntiAffinity(t, node.node().domain(t.topologyKey()));
        }

        /** The index of the first term that refuses the node (own terms first, then other pods' terms), or -1. */
        private static int firstRefusal(Pod pod, PlannedNode node, PreFilterState state) {
            List<AffinityTerm> own = pod.antiAffinity();
            for (int i = 0; i < own.size(); i++) {
                String d = node.node().domain(own.get(i).topologyKey());
                if (d != null && state.antiAffinityCounts().get(i).getOrDefault(d, 0) > 0) {
                    return i;
                }
            }
            List<PlannedCluster.HolderKey> against = state.antiAffinityAgainst();
            for (int j = 0; j < against.size(); j++) {
                String d = node.node().domain(against.get(j).term().topologyKey());
                if (d != null && state.holderCounts().get(j).getOrDefault(d, 0) > 0) {
                    return own.size() + j;
                }
            }
            return -1;
        }
    }

    /** Topology spread constraints with DoNotSchedule: matching pods in the node's domain + 1 − global minimum ≤ maxSkew. */
    record TopologySpread() implements FitPredicate {
        @Override
        public boolean admits(Pod pod, PlannedNode node, PreFilterState state) {
            return firstRefusal(pod, node, state) < 0;
        }

        @Override
        public Rejection reject(Pod pod, PlannedNode node, PreFilterState state) {
            int i = firstRefusal(pod, node, state);
            if (i < 0) {
                return null;
            }
            SpreadConstraint c = pod.spread().get(i);
            String d = node.node().domain(c.topologyKey());
            return d == null ? Rejection.topologyLabelMissing(c.topologyKey())
                    : Rejection.topologySpread(c, d, state.spreadCounts().get(i).getOrDefault(d, 0), state.spreadMinimums()[i]);
        }

        /** The index of the first constraint the node breaks (or lacks the topology label of), or -1. */
        private static int firstRefusal(Pod pod, PlannedNode node, PreFilterState state) {
            List<SpreadConstraint> spread = pod.spread();
            for (int i = 0; i < spread.size(); i++) {
                SpreadConstraint c = spread.get(i);
                String d = node.node().domain(c.topologyKey());
                if (d == null) {
                    return i;
                }
                int matching = state.spreadCounts().get(i).getOrDefault(d, 0);
                if (matching + (state.spreadSelf()[i] ? 1 : 0) - state.spreadMinimums()[i] > c.maxSkew()) {
                    return i;
                }
            }
            return -1;
        }
    }
}
