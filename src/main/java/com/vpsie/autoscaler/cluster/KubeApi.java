package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.port.ClusterPort;
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
 * The Kubernetes REST API as JSON in and out. The {@link ApiClient} ({@link KubeConnection})
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

        @Override
        public boolean invalid() {
            return code == 422;
        }
    }

    /**
     * Every item of a list, following {@code continue} tokens page by page. A token that expired
     * mid-list (410 Gone, after etcd compaction) restarts the list from the first page, up to
     * {@link #LIST_RESTARTS} times: a half list would read as nodes and pods that do not exist.
     */
    public <T> List<T> list(String path, Map<String, String> query, Class<T> item, int pageSize) {
        List<T> all = new ArrayList<>();
        String next = null;
        int restarts = 0;
        while (true) {
            List<Pair> q = pairs(query);
            q.add(new Pair("limit", Integer.toString(pageSize)));
            if (next != null) {
                q.add(new Pair("continue", next));
            }
            KubeWire.ListOf<T> page;
            try {
                page = call("list " + path, "GET", path, q, null, JSON, Argument.of(KubeWire.ListOf.class, item));
            } catch (Failure f) {
                if (f.code() != 410 || next == null || ++restarts > LIST_RESTARTS) {
                    throw f;
                }
                all.clear();
                next = null;
                continue;
            }
            if (page.items() != null) {
                all.addAll(page.items());
            }
            next = page.metadata() == null || page.metadata().continueToken() == null || page.metadata().continueToken().isEmpty()
                    ? null : page.metadata().continueToken();
            if (next == null) {
                break;
            }
        }
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

    /** How often a list restarts after its continue token expired. */
    static final int LIST_RESTARTS = 3;
    /** How often a 429 (API priority and fairness) is waited out before it is the caller's failure. */
    static final int THROTTLE_RETRIES = 3;
    /** The longest Retry-After waited for. */
    static final long MAX_RETRY_AFTER_SECONDS = 5;

    /**
     * One call. A 429 from the API server's priority and fairness (not an eviction's, which means a
     * PodDisruptionBudget and is the caller's to read) waits its Retry-After and is sent again.
     */
    private <T> T call(String what, String method, String path, List<Pair> query, Object body, String contentType, Argument<T> type) {
        for (int attempt = 0; ; attempt++) {
            try {
                return callOnce(what, method, path, query, body, contentType, type);
            } catch (Throttled t) {
                if (path.endsWith("/eviction") || attempt >= THROTTLE_RETRIES) {
                    throw t.failure;
                }
                try {
                    Thread.sleep(Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, t.retryAfterSeconds)) * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw t.failure;
                }
            }
        }
    }

    /** A 429 with how long the server asked to wait. */
    private static final class Throttled extends RuntimeException {
        final Failure failure;
        final long retryAfterSeconds;

        Throttled(Failure failure, long retryAfterSeconds) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private <T> T callOnce(String what, String method, String path, List<Pair> query, Object body, String contentType, Argument<T> type) {
        try {
            byte[] bytes = body == null ? null : json.writeValueAsBytes(body);
            // Mutable maps: the ApiClient adds the credentials of the kubeconfig or service account to them.
            Map<String, String> headers = new HashMap<>(Map.of("Content-Type", contentType, "Accept", JSON));
            Call call = client.buildCall(null, path, method, query, new ArrayList<>(), bytes, headers, new HashMap<>(), new HashMap<>(),
                    AUTH, null);
            try (Response response = call.execute(); ResponseBody rb = response.body()) {
                byte[] answer = rb == null ? new byte[0] : rb.bytes();
                if (!response.isSuccessful()) {
                    Failure f = new Failure(what, response.code(), statusMessage(answer));
                    if (response.code() == 429) {
                        long wait;
                        try {
                            wait = Long.parseLong(response.header("Retry-After", "1").trim());
                        } catch (NumberFormatException e) {
                            wait = 1;
                        }
                        throw new Throttled(f, wait);
                    }
                    throw f;
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
