package com.vpsie.autoscaler.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher made as strict as a real API server where the adapter depends on it,
 * written from Kubernetes' own rules, not from the adapter's code:
 * <ul>
 *   <li>field selectors on pods: only the fields the API server supports for pods (others are a 400,
 *   where the CRUD mock silently ignores them);</li>
 *   <li>Node writes: label keys and values and taints validated as {@code ValidateNodeUpdate} does
 *   (a 422 {@code Invalid} Status naming the field), where the CRUD mock stores anything.</li>
 * </ul>
 */
final class StrictDispatcher extends KubernetesMixedDispatcher {
    /** apiserver's pod field label conversion (pkg/apis/core/v1/conversion.go): the only field selectors it takes for pods. */
    private static final Set<String> POD_FIELDS = Set.of("metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy",
            "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
            "status.nominatedNodeName");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private final ObjectMapper json = new ObjectMapper();

    StrictDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, List<CustomResourceDefinitionContext> crds) {
        super(responses, crds);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String method = request.getMethod();
        if ("GET".equals(method) && path.startsWith("/api/v1/") && path.contains("/pods") && path.contains("fieldSelector=")) {
            String selector = URLDecoder.decode(path.replaceAll("^.*[?&]fieldSelector=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
            for (String requirement : selector.split(",")) {
                String field = requirement.split("!=|==|=", 2)[0];
                if (!requirement.isEmpty() && !POD_FIELDS.contains(field)) {
                    return status(400, "BadRequest", "field label not supported: " + field);
                }
            }
        }
        if (("PUT".equals(method) || "POST".equals(method) || "PATCH".equals(method)) && path.startsWith("/api/v1/nodes")) {
            // getBytes() leaves the body for the CRUD dispatcher, which reads it after (getUtf8Body() would consume it).
            String invalid = invalidNode(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
            if (invalid != null) {
                return status(422, "Invalid", "Node is invalid: " + invalid);
            }
        }
        return super.dispatch(request);
    }

    /** The first field of a Node body a real API server refuses, or null. */
    private String invalidNode(String body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (Exception e) {
            return null; // not JSON: the CRUD dispatcher answers it
        }
        JsonNode labels = node.path("metadata").path("labels");
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> l = it.next();
            if (!qualifiedName(l.getKey())) {
                return "metadata.labels: Invalid value: \"" + l.getKey() + "\": name part must consist of alphanumeric characters, '-', '_' or '.'";
            }
            String v = l.getValue().isNull() ? null : l.getValue().asText();
            if (v != null && (v.length() > 63 || !VALUE.matcher(v).matches())) {
                return "metadata.labels: Invalid value: \"" + v + "\": a valid label must be an empty string or consist of alphanumeric characters";
            }
        }
        Set<String> seen = new HashSet<>();
        JsonNode taints = node.path("spec").path("taints");
        for (int i = 0; i < taints.size(); i++) {
            JsonNode t = taints.get(i);
            String key = t.path("key").asText("");
            String effect = t.path("effect").asText("");
            if (!qualifiedName(key)) {
                return "spec.taints[" + i + "].key: Invalid value: \"" + key + "\"";
            }
            if (!EFFECTS.contains(effect)) {
                return "spec.taints[" + i + "].effect: Unsupported value: \"" + effect + "\"";
            }
            if (!seen.add(key + "|" + effect)) {
                return "spec.taints: Duplicate value: \"" + key + ":" + effect + "\": taints must be unique by key and effect pair";
            }
        }
        return null;
    }

    private static boolean qualifiedName(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        return (prefix == null || !prefix.isEmpty() && prefix.length() <= 253 && PREFIX.matcher(prefix).matches())
                && !name.isEmpty() && name.length() <= 63 && NAME.matcher(name).matches();
    }

    private static MockResponse status(int code, String reason, String message) {
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(message) + ",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
        return new MockResponse().setResponseCode(code).setBody(body).addHeader("Content-Type", "application/json");
    }
}
