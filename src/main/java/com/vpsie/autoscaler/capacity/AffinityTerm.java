package com.vpsie.autoscaler.capacity;

import java.util.Set;

/**
 * A required pod (anti-)affinity term: pods selected by {@code selector} in {@code namespaces}
 * (empty: the namespace of the pod holding the term) within one {@code topologyKey} domain.
 */
public record AffinityTerm(LabelSelector selector, String topologyKey, Set<String> namespaces) {
    public AffinityTerm {
        namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    }

    /** Whether {@code other} is a pod this term, held by a pod in {@code holderNamespace}, refers to. */
    public boolean selects(Pod other, String holderNamespace) {
        boolean inNamespace = namespaces.isEmpty() ? other.namespace().equals(holderNamespace) : namespaces.contains(other.namespace());
        return inNamespace && selector.matches(other.labels());
    }
}
