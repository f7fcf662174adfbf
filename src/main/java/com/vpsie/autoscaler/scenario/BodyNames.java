package com.vpsie.autoscaler.scenario;

import com.vpsie.autoscaler.vpsie.VpsieWire;

/** Types and fields of a body as the person who wrote it names them, for refusals. */
final class BodyNames {
    private BodyNames() {
    }

    /** What a decoded type is to the person who wrote the body: VPSie's shapes say so, Kubernetes' keep their kind. */
    static String of(Class<?> type) {
        if (type == VpsieWire.NodeGroup.class) {
            return "VPSie node group";
        }
        if (type == VpsieWire.Offer.class) {
            return "VPSie size";
        }
        return type.getSimpleName().replace("Object", "");
    }

    /** The reader names a record's component as Java spells it; the body spelt it as its JSON property ({@code boxsize_id}). */
    static String fields(Class<?> type, String message) {
        String out = message;
        for (var p : io.micronaut.core.beans.BeanIntrospection.getIntrospection(type).getBeanProperties()) {
            String json = p.getAnnotationMetadata().stringValue(com.fasterxml.jackson.annotation.JsonProperty.class).orElse(null);
            if (json != null && !json.equals(p.getName())) {
                out = out.replaceAll("\\b" + java.util.regex.Pattern.quote(p.getName()) + "\\b", java.util.regex.Matcher.quoteReplacement(json));
            }
        }
        return out;
    }
}
