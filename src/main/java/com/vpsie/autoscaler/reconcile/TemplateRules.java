package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A NodeGroup's template checked as the API server checks a Node: label keys are qualified names
 * (an optional DNS-subdomain prefix of at most 253 characters, a name of at most 63), label values
 * at most 63 characters of {@code [A-Za-z0-9_.-]} starting and ending alphanumeric, taint effects
 * one of three, and no two taints with the same key and effect. A template that breaks one would
 * be refused (422) every time the autoscaler labels a joined node, stalling the group for good; so
 * it is refused here, naming the field, before anything is asked of VPSie.
 */
final class TemplateRules {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private TemplateRules() {
    }

    /** The first rule the template breaks, as "field: expected …, got …"; empty when it is valid. */
    static Optional<String> problem(NodeGroup.Spec spec) {
        for (Map.Entry<String, String> label : spec.labels().entrySet()) {
            String field = "spec.template.labels['" + label.getKey() + "']";
            Optional<String> key = qualifiedName(label.getKey());
            if (key.isPresent()) {
                return Optional.of(field + ": the key " + key.get());
            }
            if (label.getValue() == null || label.getValue().length() > 63 || !VALUE.matcher(label.getValue()).matches()) {
                return Optional.of(field + ": expected a label value (at most 63 characters of A-Z, a-z, 0-9, '-', '_', '.',"
                        + " starting and ending with a letter or digit), got '" + label.getValue() + "'");
            }
        }
        List<NodeGroup.TaintSpec> taints = spec.taints();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < taints.size(); i++) {
            NodeGroup.TaintSpec t = taints.get(i);
            String field = "spec.template.taints[" + i + "]";
            if (t == null || t.key() == null) {
                return Optional.of(field + ".key: expected a taint key, got none");
            }
            Optional<String> key = qualifiedName(t.key());
            if (key.isPresent()) {
                return Optional.of(field + ".key: " + key.get());
            }
            if (t.value() != null && (t.value().length() > 63 || !VALUE.matcher(t.value()).matches())) {
                return Optional.of(field + ".value: expected at most 63 characters of A-Z, a-z, 0-9, '-', '_', '.', got '" + t.value() + "'");
            }
            if (t.effect() == null || !EFFECTS.contains(t.effect())) {
                return Optional.of(field + ".effect: expected NoSchedule, PreferNoSchedule or NoExecute, got '" + t.effect() + "'");
            }
            if (!seen.add(t.key() + "|" + t.effect())) {
                return Optional.of(field + ": a second taint with key '" + t.key() + "' and effect " + t.effect()
                        + "; a node may carry only one");
            }
        }
        return Optional.empty();
    }

    /** Why a label or taint key is not a Kubernetes qualified name; empty when it is one. */
    private static Optional<String> qualifiedName(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.isEmpty() || prefix.length() > 253 || !SUBDOMAIN.matcher(prefix).matches())) {
            return Optional.of("'" + key + "' has a prefix that is not a DNS subdomain (lower case, at most 253 characters)");
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            return Optional.of("'" + key + "' is not a qualified name (at most 63 characters of A-Z, a-z, 0-9, '-', '_', '.',"
                    + " starting and ending with a letter or digit, after an optional 'prefix/')");
        }
        return Optional.empty();
    }
}
