package com.vpsie.autoscaler.port;

import com.vpsie.autoscaler.capacity.Taint;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes to one Node's labels, taints and annotations; what it does not name stays as it is. A
 * taint added replaces one with the same key and effect; a taint removed goes when its key, value
 * and effect match.
 */
public record NodeEdit(Map<String, String> setLabels, Set<String> removeLabels, List<Taint> addTaints, List<Taint> removeTaints,
                       Map<String, String> setAnnotations) {
    public NodeEdit {
        setLabels = Map.copyOf(setLabels);
        removeLabels = Set.copyOf(removeLabels);
        addTaints = List.copyOf(addTaints);
        removeTaints = List.copyOf(removeTaints);
        setAnnotations = Map.copyOf(setAnnotations);
    }

    /** Adds labels and taints, and sets annotations. */
    public static NodeEdit adding(Map<String, String> labels, List<Taint> taints, Map<String, String> annotations) {
        return new NodeEdit(labels, Set.of(), taints, List.of(), annotations);
    }

    /** The labels after this edit, from {@code current}. */
    public Map<String, String> labelsFrom(Map<String, String> current) {
        Map<String, String> out = new java.util.LinkedHashMap<>(current);
        removeLabels.forEach(out::remove);
        out.putAll(setLabels);
        return out;
    }

    /** Whether this edit takes away (or replaces) {@code t}, a taint already on the node. */
    public boolean drops(Taint t) {
        return removeTaints.contains(t) || addTaints.stream().anyMatch(a -> a.key().equals(t.key()) && a.effect().equals(t.effect()));
    }
}
