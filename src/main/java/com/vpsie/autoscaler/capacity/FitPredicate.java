package com.vpsie.autoscaler.capacity;

/**
 * One scheduling rule, as kube-scheduler's filter plugins: given a pod, a node and the node's free
 * room, either null (the pod may go there) or the reason it may not.
 */
public sealed interface FitPredicate permits FitPredicate.NodeSelectorMatches, FitPredicate.TaintsTolerated, FitPredicate.ResourcesFit {

    String reject(Pod pod, Node node, Resources free);

    /** Every predicate the planner checks, cheapest first. */
    static FitPredicate[] all() {
        return new FitPredicate[] {new NodeSelectorMatches(), new TaintsTolerated(), new ResourcesFit()};
    }

    /** The reason the first failing predicate gives, or null when the pod fits. */
    static String firstRejection(FitPredicate[] predicates, Pod pod, Node node, Resources free) {
        for (FitPredicate p : predicates) {
            String reason = p.reject(pod, node, free);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    record NodeSelectorMatches() implements FitPredicate {
        @Override
        public String reject(Pod pod, Node node, Resources free) {
            for (var e : pod.nodeSelector().entrySet()) {
                if (!e.getValue().equals(node.labels().get(e.getKey()))) {
                    return "nodeSelector " + e.getKey() + "=" + e.getValue() + " does not match";
                }
            }
            return null;
        }
    }

    record TaintsTolerated() implements FitPredicate {
        @Override
        public String reject(Pod pod, Node node, Resources free) {
            for (Taint taint : node.taints()) {
                if (taint.repels() && pod.tolerations().stream().noneMatch(t -> t.tolerates(taint))) {
                    return "untolerated taint " + taint;
                }
            }
            return null;
        }
    }

    record ResourcesFit() implements FitPredicate {
        @Override
        public String reject(Pod pod, Node node, Resources free) {
            return free.shortfall(pod.requests().plus(Resources.of(0, 0, 1)));
        }
    }
}
