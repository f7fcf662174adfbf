package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A Kubernetes label selector. {@code null} selects nothing (as a missing selector in a spread
 * constraint or affinity term does); an empty selector selects everything.
 */
public record LabelSelector(Map<String, String> matchLabels, List<LabelRequirement> matchExpressions) {
    public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());
    /** What a missing selector means in a PodDisruptionBudget: no pods at all. */
    public static final LabelSelector NOTHING = new LabelSelector(Map.of(), List.of(new LabelRequirement("", "In", List.of())));

    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    public static LabelSelector of(Map<String, String> matchLabels) {
        return new LabelSelector(matchLabels, List.of());
    }

    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (LabelRequirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(",");
        matchLabels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> j.add(e.getKey() + "=" + e.getValue()));
        matchExpressions.forEach(r -> j.add(r.toString()));
        return j.toString();
    }
}
