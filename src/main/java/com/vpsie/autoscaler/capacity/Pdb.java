package com.vpsie.autoscaler.capacity;

/** A PodDisruptionBudget: how many of the pods it selects may be evicted now. */
public record Pdb(String namespace, String name, LabelSelector selector, int disruptionsAllowed) {
    public boolean covers(Pod pod) {
        return namespace.equals(pod.namespace()) && selector.matches(pod.labels());
    }
}
