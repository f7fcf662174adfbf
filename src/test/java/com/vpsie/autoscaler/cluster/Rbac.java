package com.vpsie.autoscaler.cluster;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes API requests as RBAC sees them: {@code group/resource verb scope}. */
final class Rbac {
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(?:\\?.*)?$");

    private Rbac() {
    }

    /** The permission one request needs, e.g. {@code /pods/eviction create} or {@code policy/poddisruptionbudgets list}. */
    static String permission(String method, String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a resource path: " + path);
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String resource = m.group(2) + (m.group(4) == null ? "" : "/" + m.group(4));
        boolean named = m.group(3) != null;
        String verb = switch (method) {
            case "GET" -> named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> throw new IllegalArgumentException(method);
        };
        return group + "/" + resource + " " + verb;
    }

    /** Every (group/resource verb) granted by the Roles and ClusterRoles of a manifest. */
    @SuppressWarnings("unchecked")
    static Set<String> granted(Path manifest) throws IOException {
        try (Reader in = Files.newBufferedReader(manifest)) {
            return granted(in, manifest.toString());
        }
    }

    /** The permissions the Roles and ClusterRoles of these YAML documents grant; {@code source} names them in a refusal. */
    static Set<String> granted(Reader in, String source) {
        Set<String> out = new TreeSet<>();
        {
            for (Object doc : new Yaml().loadAll(in)) {
                Map<String, Object> d = (Map<String, Object>) doc;
                if (!List.of("Role", "ClusterRole").contains(d.get("kind"))) {
                    continue;
                }
                for (Map<String, Object> rule : (List<Map<String, Object>>) d.get("rules")) {
                    for (String g : (List<String>) rule.get("apiGroups")) {
                        for (String r : (List<String>) rule.get("resources")) {
                            for (String v : (List<String>) rule.get("verbs")) {
                                if (v.equals("*") || r.equals("*") || g.equals("*")) {
                                    throw new IllegalStateException("wildcard in " + source + ": " + rule);
                                }
                                out.add(g + "/" + r + " " + v);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
