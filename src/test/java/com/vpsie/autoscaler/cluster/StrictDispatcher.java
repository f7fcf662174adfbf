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
 *   (a 422 {@code Invalid} Status naming the field), where the CRUD mock stores anything;</li>
 *   <li>the Eviction subresource, which the CRUD mock does not have, as {@code eviction.go} answers:
 *   404 for a pod that is gone, 500 for a pod under more than one PodDisruptionBudget, 429 while its
 *   budget allows no disruption, else 201 with the budget's {@code disruptionsAllowed} taken down by
 *   one and the pod deleted. On a node annotated {@value #DEAD_KUBELET} the pod is deleted but stays,
 *   with its deletionTimestamp, as it does while no kubelet confirms. An expectation a test set for
 *   the same eviction still wins.</li>
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

    /** A node annotation that makes the stand-in's kubelet dead: evicted pods keep terminating. */
    static final String DEAD_KUBELET = "test.vpsie.com/kubelet";
    private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction");

    private final ObjectMapper json = new ObjectMapper();
    private final Map<ServerRequest, Queue<ServerResponse>> responses;

    StrictDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, List<CustomResourceDefinitionContext> crds) {
        super(responses, crds);
        this.responses = responses;
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
        java.util.regex.Matcher eviction = EVICTION.matcher(path);
        if ("POST".equals(method) && eviction.matches() && !expected(path)) {
            return evict(eviction.group(1), eviction.group(2));
        }
        return super.dispatch(request);
    }

    private boolean expected(String path) {
        Queue<ServerResponse> q = responses.get(new io.fabric8.mockwebserver.internal.SimpleRequest(io.fabric8.mockwebserver.dsl.HttpMethod.POST, path));
        return q != null && !q.isEmpty();
    }

    private synchronized MockResponse evict(String ns, String name) {
        try {
            MockResponse got = inner("GET", "/api/v1/namespaces/" + ns + "/pods/" + name, null);
            if (got.code() == 404) {
                return status(404, "NotFound", "pods \"" + name + "\" not found");
            }
            JsonNode pod = json.readTree(got.getBody().getBytes());
            JsonNode podLabels = pod.path("metadata").path("labels");
            List<JsonNode> budgets = new java.util.ArrayList<>();
            for (JsonNode b : json.readTree(inner("GET", "/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets", null).getBody().getBytes())
                    .path("items")) {
                if (selects(b.path("spec").path("selector").path("matchLabels"), podLabels)) {
                    budgets.add(b);
                }
            }
            if (budgets.size() > 1) {
                return status(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
            }
            if (budgets.size() == 1) {
                com.fasterxml.jackson.databind.node.ObjectNode b = (com.fasterxml.jackson.databind.node.ObjectNode) budgets.get(0);
                int allowed = b.path("status").path("disruptionsAllowed").asInt(0);
                if (allowed <= 0) {
                    return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
                }
                b.with("status").put("disruptionsAllowed", allowed - 1);
                inner("PUT", "/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/" + b.path("metadata").path("name").asText(),
                        json.writeValueAsBytes(b));
            }
            String node = pod.path("spec").path("nodeName").asText("");
            boolean dead = !node.isEmpty() && "dead".equals(json.readTree(inner("GET", "/api/v1/nodes/" + node, null).getBody().getBytes())
                    .path("metadata").path("annotations").path(DEAD_KUBELET).asText(""));
            if (dead) {
                com.fasterxml.jackson.databind.node.ObjectNode held = (com.fasterxml.jackson.databind.node.ObjectNode) pod;
                held.with("metadata").putArray("finalizers").add("test.vpsie.com/kubelet-gone");
                inner("PUT", "/api/v1/namespaces/" + ns + "/pods/" + name, json.writeValueAsBytes(held));
            }
            inner("DELETE", "/api/v1/namespaces/" + ns + "/pods/" + name, null);
            return new MockResponse().setResponseCode(201).addHeader("Content-Type", "application/json")
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}");
        } catch (java.io.IOException e) {
            return status(500, "InternalError", "stand-in: " + e.getMessage());
        }
    }

    /** A matchLabels selector (the only kind the tests use) against a pod's labels; an empty one selects every pod. */
    private static boolean selects(JsonNode matchLabels, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().asText().equals(labels.path(m.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** A request to the CRUD store itself, from inside the dispatcher. */
    private MockResponse inner(String method, String path, byte[] body) {
        io.fabric8.mockwebserver.http.Headers headers = io.fabric8.mockwebserver.http.Headers.builder()
                .add("Content-Type", "application/json").build();
        return super.dispatch(new RecordedRequest("HTTP/1.1", io.fabric8.mockwebserver.dsl.HttpMethod.valueOf(method), path, headers,
                body == null ? new io.fabric8.mockwebserver.http.Buffer() : new io.fabric8.mockwebserver.http.Buffer(body)));
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
