package com.vpsie.autoscaler.capacity;

import java.util.Map;

/**
 * One scheduling rule, as kube-scheduler's filter plugins: given a pod, a node and the state of
 * the simulated cluster, either null (the pod may go there) or the reason it may not.
 */
sealed interface FitPredicate permits FitPredicate.NodeSelectorMatches, FitPredicate.NodeAffinityMatches,
        FitPredicate.TaintsTolerated, FitPredicate.ResourcesFit, FitPredicate.HostPortsFree,
        FitPredicate.PodAntiAffinity, FitPredicate.TopologySpread {

    String reject(Pod pod, SimNode node, Simulation.PodCycle cycle);

    /** As {@code reject(...) == null}, without wording a reason: the planner's hot path. */
    default boolean admits(Pod pod, SimNode node, Simulation.PodCycle cycle) {
        return reject(pod, node, cycle) == null;
    }

    /** Whether every predicate admits the pod. */
    static boolean admitsAll(FitPredicate[] predicates, Pod pod, SimNode node, Simulation.PodCycle cycle) {
        for (FitPredicate p : predicates) {
            if (!p.admits(pod, node, cycle)) {
                return false;
            }
        }
        return true;
    }

    /** Rules that depend only on the pod and the node's labels and taints: the same for every node of a group. */
    FitPredicate[] STATIC = {new NodeSelectorMatches(), new NodeAffinityMatches(), new TaintsTolerated()};

    /** Rules that depend on what is already on the node and in its domains; cheapest first. */
    FitPredicate[] DYNAMIC = {new ResourcesFit(), new HostPortsFree(), new PodAntiAffinity(), new TopologySpread()};

    /** The reason the first failing predicate gives, or null when the pod fits. */
    static String firstRejection(FitPredicate[] predicates, Pod pod, SimNode node, Simulation.PodCycle cycle) {
        for (FitPredicate p : predicates) {
            String reason = p.reject(pod, node, cycle);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** Every rule, static ones first. */
    static String check(Pod pod, SimNode node, Simulation.PodCycle cycle) {
        String r = firstRejection(STATIC, pod, node, cycle);
        return r != null ? r : firstRejection(DYNAMIC, pod, node, cycle);
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
        public String reject(Pod pod, SimNode node, Simulation.PodCycle cycle) {
            Map.Entry<String, String> e = firstMismatch(pod.nodeSelector(), node.node.labels());
            return e == null ? null : "nodeSelector " + e.getKey() + "=" + e.getValue() + " does not match";
        }
    }

    record NodeAffinityMatches() implements FitPredicate {
        @Override
        public String reject(Pod pod, SimNode node, Simulation.PodCycle cycle) {
            return pod.nodeAffinity().matches(node.node.labels()) ? null : "required node affinity " + pod.nodeAffinity() + " does not match";
        }
    }

    record TaintsTolerated() implements FitPredicate {
        @Override
        public String reject(Pod pod, SimNode node, Simulation.PodCycle cycle) {
            for (Taint taint : node.node.taints()) {
                if (taint.repels() && pod.tolerations().stream().noneMatch(t -> t.tolerates(taint))) {
                    return "untolerated taint " + taint;
                }
            }
            return null;
        }
    }

    record ResourcesFit() implements FitPredicate {
        @Override
        public boolean admits(Pod pod, SimNode node, Simulation.PodCycle cycle) {
            return node.free.fitsWithPodSlot(pod.requests());
        }

        @Override
        public String reject(Pod pod, SimNode node, Simulation.PodCycle cycle) {
            Resources need = pod.footprint();
            return node.free.fits(need) ? null : node.free.shortfall(need);
        }
    }

    record HostPortsFree() implements FitPredicate {
        @Override
        public String reject(Pod pod, SimNode node, Simulation.PodCycle cycle) {
            for (HostPort wanted : pod.hostPorts()) {
                for (HostPort taken : node.ports) {
                    if (wanted.conflictsWith(taken)) {
                        return "host port " + wanted + " is taken";
                    }
                }
            }
            return null;
        }
    }

    /** Required pod anti-affinity, both ways: the pod's own terms, and terms of pods already placed that select it. */
    record PodAntiAffinity() implements FitPredicate {
        @Override
        public String reject(Pod pod, SimNode node, Simulation.PodCycle cycle) {
            for (AffinityTerm t : pod.antiAffinity()) {
                String d = node.node.domain(t.topologyKey());
                if (d != null && cycle.sim().counts(Simulation.antiAffinityKey(pod, t)).getOrDefault(d, 0) > 0) {
                    return "pod anti-affinity: a pod matching " + t.selector() + " is already in " + t.topologyKey() + "=" + d;
                }
            }
            for (Simulation.HolderKey h : cycle.antiAffinityAgainst()) {
                String d = node.node.domain(h.term().topologyKey());
                if (d != null && cycle.sim().holders().get(h).getOrDefault(d, 0) > 0) {
                    return "anti-affinity of a pod already in " + h.term().topologyKey() + "=" + d + " (against " + h.term().selector() + ")";
                }
            }
            return null;
        }
    }

    /** Topology spread constraints with DoNotSchedule: matching pods in the node's domain + 1 − global minimum ≤ maxSkew. */
    record TopologySpread() implements FitPredicate {
        @Override
        public String reject(Pod pod, SimNode node, Simulation.PodCycle cycle) {
            for (int i = 0; i < pod.spread().size(); i++) {
                SpreadConstraint c = pod.spread().get(i);
                String d = node.node.domain(c.topologyKey());
                if (d == null) {
                    return "node has no " + c.topologyKey() + " label for topology spread";
                }
                int matching = cycle.sim().counts(Simulation.spreadKey(pod, c)).getOrDefault(d, 0);
                int self = c.selector().matches(pod.labels()) ? 1 : 0;
                int min = cycle.spreadMinimums()[i];
                if (matching + self - min > c.maxSkew()) {
                    return "topology spread on " + c.topologyKey() + ": " + d + " has " + matching + " matching pod(s), minimum "
                            + min + ", maxSkew " + c.maxSkew();
                }
            }
            return null;
        }
    }
}
