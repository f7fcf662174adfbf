package com.vpsie.autoscaler.infra;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Helm chart, rendered by Helm's own library (helm-java: no helm binary), as documents to
 * assert on. The one source of the cluster manifests: tests, {@code make manifests} and the
 * release all render it.
 */
public final class Chart {
    public static final Path DIR = Path.of("charts/vpsie-autoscaler");
    public static final String RELEASE = "vpsie-autoscaler";
    public static final String NAMESPACE = "vpsie-autoscaler";

    private Chart() {
    }

    /** {@code helm template vpsie-autoscaler charts/vpsie-autoscaler -n vpsie-autoscaler --set k=v ...}: the rendered YAML. */
    public static String template(Map<String, Object> sets) {
        TemplateCommand t = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        sets.forEach(t::set);
        return t.call();
    }

    /** One row of the values matrix: a mode, a way of giving VPSie credentials, monitoring on or off. */
    public record Row(String mode, String credentials, boolean monitoring) {
        public Map<String, Object> values() {
            Map<String, Object> v = new java.util.LinkedHashMap<>();
            v.put("mode", mode);
            switch (credentials) {
                case "existingSecret" -> v.put("vpsie.existingSecret", "my-vpsie");
                case "clientId" -> {
                    v.put("vpsie.clientId", "id-1");
                    v.put("vpsie.clientSecret", "secret-1");
                }
                default -> v.put("vpsie.token", "token-1");
            }
            v.put("monitoring.prometheusRule.enabled", monitoring);
            v.put("monitoring.serviceMonitor.enabled", monitoring);
            v.put("monitoring.dashboard.enabled", monitoring);
            return v;
        }

        public String name() {
            return mode + "-" + credentials + "-monitoring-" + (monitoring ? "on" : "off");
        }
    }

    /** Both modes x three ways of giving VPSie credentials x monitoring on and off. */
    public static List<Row> matrix() {
        List<Row> rows = new ArrayList<>();
        for (String mode : List.of("deployment", "knative")) {
            for (String credentials : List.of("existingSecret", "clientId", "token")) {
                for (boolean monitoring : List.of(true, false)) {
                    rows.add(new Row(mode, credentials, monitoring));
                }
            }
        }
        return rows;
    }

    /** The rendered objects, in order. */
    public static List<Map<String, Object>> render(Map<String, Object> sets) {
        return documents(template(sets));
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (d != null) {
                docs.add((Map<String, Object>) d);
            }
        }
        return docs;
    }
}
