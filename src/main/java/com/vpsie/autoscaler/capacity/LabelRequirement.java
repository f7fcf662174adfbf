package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;

/**
 * One {@code key operator values} requirement, as in label selectors ({@code In}, {@code NotIn},
 * {@code Exists}, {@code DoesNotExist}) and node selector terms (those plus {@code Gt}, {@code Lt}).
 */
public record LabelRequirement(String key, String operator, List<String> values) {
    public LabelRequirement {
        values = values == null ? List.of() : List.copyOf(values);
        switch (operator) {
            case "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt" -> { }
            default -> throw new IllegalArgumentException("operator: expected In, NotIn, Exists, DoesNotExist, Gt or Lt, got '" + operator + "'");
        }
        if ((operator.equals("Gt") || operator.equals("Lt")) && (values.size() != 1 || parseLong(values.get(0)) == null)) {
            throw new IllegalArgumentException("values: " + operator + " needs exactly one integer, got " + values);
        }
    }

    public boolean matches(Map<String, String> labels) {
        String v = labels.get(key);
        return switch (operator) {
            case "In" -> v != null && values.contains(v);
            // NotIn matches nodes without the label too, as in Kubernetes.
            case "NotIn" -> v == null || !values.contains(v);
            case "Exists" -> v != null;
            case "DoesNotExist" -> v == null;
            case "Gt" -> compare(v) > 0;
            default -> compare(v) < 0 && compare(v) != Integer.MIN_VALUE;
        };
    }

    /** Label value against the single integer value; MIN_VALUE when the label is missing or not an integer. */
    private int compare(String label) {
        Long l = label == null ? null : parseLong(label);
        return l == null ? Integer.MIN_VALUE : Long.compare(l, parseLong(values.get(0)));
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return switch (operator) {
            case "Exists" -> key;
            case "DoesNotExist" -> "!" + key;
            case "Gt" -> key + ">" + values.get(0);
            case "Lt" -> key + "<" + values.get(0);
            case "In" -> key + " in (" + String.join(",", values) + ")";
            default -> key + " notin (" + String.join(",", values) + ")";
        };
    }
}
