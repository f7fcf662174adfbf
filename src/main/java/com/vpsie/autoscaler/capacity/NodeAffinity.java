package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Required node affinity: the node must match at least one term, and a term matches when every
 * requirement in it does (OR of terms, AND of expressions).
 */
public record NodeAffinity(List<List<LabelRequirement>> terms) {
    public static final NodeAffinity ANY = new NodeAffinity(List.of());

    public NodeAffinity {
        terms = terms == null ? List.of() : terms.stream().map(List::copyOf).toList();
    }

    public boolean matches(Map<String, String> labels) {
        if (terms.isEmpty()) {
            return true;
        }
        for (List<LabelRequirement> term : terms) {
            if (allMatch(term, labels)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allMatch(List<LabelRequirement> term, Map<String, String> labels) {
        for (LabelRequirement r : term) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringJoiner any = new StringJoiner(" or ");
        for (List<LabelRequirement> term : terms) {
            StringJoiner all = new StringJoiner(" and ");
            term.forEach(r -> all.add(r.toString()));
            any.add("(" + all + ")");
        }
        return any.toString();
    }
}
