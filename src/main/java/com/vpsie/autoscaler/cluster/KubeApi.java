package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.reconcile.ClusterPort;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes REST API as JSON in and out. The {@link ApiClient} from micronaut-kubernetes
 * brings the connection (in-cluster service account, kubeconfig, or {@code kubernetes.client.base-path}),
 * TLS and credentials; bodies are the project's own {@code @Serdeable} records, so every object
 * goes through one translation (the same one {@code POST /v1/plan} uses for kubectl output) and
 * native image needs no reflection over client-java's Gson models.
 */
@Singleton
@Requires(property = KubernetesCluster.MODE, value = "kubernetes", defaultValue = "kubernetes")
public class KubeApi {
    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String JSON = "application/json";
    private static final String[] AUTH = {"BearerToken"};

    private final ApiClient client;
    private final JsonMapper json;

    public KubeApi(ApiClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /** An answer the API server gave that the caller did not expect; {@code code} 0 when none came. */
    public static final class Failure extends ClusterPort.ClusterException {
        private final int code;

        Failure(String what, int code, String detail) {
            super(what + ": " + (code == 0 ? "" : "HTTP " + code + " ") + detail);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Every item of a list, following {@code continue} tokens page by page. */
    public <T> List<T> list(String path, Map<String, String> query, Class<T> item, int pageSize) {
        List<T> all = new ArrayList<>();
        String next = null;
        do {
            List<Pair> q = pairs(query);
            q.add(new Pair("limit", Integer.toString(pageSize)));
            if (next != null) {
                q.add(new Pair("continue", next));
            }
            KubeWire.ListOf<T> page = call("list " + path, "GET", path, q, null, JSON, Argument.of(KubeWire.ListOf.class, item));
            if (page.items() != null) {
                all.addAll(page.items());
            }
            next = page.metadata() == null || page.metadata().continueToken() == null || page.metadata().continueToken().isEmpty()
                    ? null : page.metadata().continueToken();
        } while (next != null);
        return all;
    }

    public <T> T get(String path, Class<T> type) {
        return call("get " + path, "GET", path, new ArrayList<>(), null, JSON, Argument.of(type));
    }

    /** POST, PUT or PATCH with a body; answers the object the server stored. */
    public <T> T send(String method, String path, String contentType, Object body, Class<T> answer) {
        return call(method + " " + path, method, path, new ArrayList<>(), body, contentType, Argument.of(answer));
    }

    public void delete(String path) {
        call("DELETE " + path, "DELETE", path, new ArrayList<>(), null, JSON, Argument.of(Map.class));
    }

    private <T> T call(String what, String method, String path, List<Pair> query, Object body, String contentType, Argument<T> type) {
        try {
            byte[] bytes = body == null ? null : json.writeValueAsBytes(body);
            // Mutable maps: the ApiClient adds the credentials of the kubeconfig or service account to them.
            Map<String, String> headers = new HashMap<>(Map.of("Content-Type", contentType, "Accept", JSON));
            Call call = client.buildCall(null, path, method, query, new ArrayList<>(), bytes, headers, new HashMap<>(), new HashMap<>(),
                    AUTH, null);
            try (Response response = call.execute(); ResponseBody rb = response.body()) {
                byte[] answer = rb == null ? new byte[0] : rb.bytes();
                if (!response.isSuccessful()) {
                    throw new Failure(what, response.code(), statusMessage(answer));
                }
                return answer.length == 0 ? null : json.readValue(answer, type);
            }
        } catch (ApiException | IOException e) {
            throw new Failure(what, 0, e.getMessage());
        }
    }

    /** The {@code message} of a Kubernetes Status body, else the body's start. */
    private String statusMessage(byte[] body) {
        try {
            KubeWire.Status s = json.readValue(body, KubeWire.Status.class);
            if (s != null && s.message() != null) {
                return s.message();
            }
        } catch (IOException | RuntimeException ignored) {
            // not a Status object; fall through to the raw text
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static List<Pair> pairs(Map<String, String> query) {
        List<Pair> out = new ArrayList<>();
        query.forEach((k, v) -> out.add(new Pair(k, v)));
        return out;
    }
}
