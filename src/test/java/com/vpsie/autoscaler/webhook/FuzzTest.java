package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.sandbox.SandboxWorld;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of every body-taking route: valid bodies mutated byte by byte (flips, insertions,
 * truncations, repeated spans) and value by value (any JSON value where another was; never a
 * boolean where {@code dryRun} stands, so no mutation can turn a dry run into a real one). Each
 * answer must be below 500, a refusal must be problem+json, and VPSie must see no add or removal.
 * The seed of a failing case is in the message; rerun with {@code -Dfuzz.seed=<seed>}.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "1h")
@Property(name = "autoscaler.auth.mutations-per-minute", value = "100000")
class FuzzTest {
    private static final int CASES = Integer.getInteger("fuzz.cases", 600);
    private static final long SEED = Long.getLong("fuzz.seed", 20261201L);

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    SandboxWorld world;

    private static final String SCALE = "{\"nodeGroup\":\"general\",\"desiredNodes\":3,\"reason\":\"fuzz\",\"holdFor\":\"5m\",\"dryRun\":true}";
    private static final String ALERTS = "{\"receiver\":\"autoscaler\",\"status\":\"firing\",\"version\":\"4\",\"groupKey\":\"{}\","
            + "\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"KubePodsPending\",\"nodegroup\":\"general\"},"
            + "\"annotations\":{\"summary\":\"x\"},\"startsAt\":\"2026-12-01T00:00:00Z\",\"fingerprint\":\"a4eb9f5ea982bb1c\"}]}";
    private static final String EVENTS = "[{\"kind\":\"Event\",\"reason\":\"FailedScheduling\",\"type\":\"Warning\","
            + "\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"web-1\"},\"message\":\"0/1 nodes are available\","
            + "\"lastTimestamp\":\"2099-01-01T00:00:00Z\"}]";
    private static final String PLAN = "{\"sizes\":[{\"id\":101,\"name\":\"s\",\"cpu\":2,\"ram\":4096,\"disk\":80,\"price\":20.0}],"
            + "\"vpsieNodeGroups\":[{\"id\":11,\"group_name\":\"g\",\"boxsize_id\":101,\"cpu\":2,\"ram\":4096,\"ssd\":80,\"nodes_count\":0}],"
            + "\"nodeGroups\":[{\"metadata\":{\"name\":\"g\"},\"spec\":{\"minNodes\":0,\"maxNodes\":5,\"vpsie\":{\"clusterId\":\"c\",\"nodeGroupId\":11}}}],"
            + "\"nodes\":[],\"pods\":[{\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"name\":\"a\","
            + "\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"}}}]},\"status\":{\"phase\":\"Pending\"}}]}";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/scale", "/v1/webhooks/alertmanager", "/v1/webhooks/events", "/v1/plan"})
    void mutatedBodiesNeverGetA5xxAndNeverMoveVpsie(String route) {
        BlockingHttpClient http = client.toBlocking();
        call(http, auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", SandboxHttp.startWorld()))));
        String seedBody = switch (route) {
            case "/v1/scale" -> SCALE;
            case "/v1/webhooks/alertmanager" -> ALERTS;
            case "/v1/webhooks/events" -> EVENTS;
            default -> PLAN;
        };
        int adds = world.stats().get("addCalls");
        int removes = world.stats().get("removeCalls");
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + route.hashCode() * 1_000_003L + i;
            String body = mutate(seedBody, new Random(seed));
            int status;
            String type;
            try {
                HttpResponse<String> r = http.exchange(auth(HttpRequest.POST(route, body).contentType("application/json")), String.class);
                status = r.code();
                type = r.getContentType().map(Object::toString).orElse("");
            } catch (HttpClientResponseException e) {
                status = e.getStatus().getCode();
                type = e.getResponse().getContentType().map(Object::toString).orElse("");
            }
            String at = "seed " + seed + ", body " + abbreviate(body);
            assertThat(status).as(at).isLessThan(500);
            if (status >= 400) {
                assertThat(type).as(at).isEqualTo("application/problem+json");
            }
        }
        assertThat(world.stats().get("addCalls")).as("no VPSie add from %s fuzz cases", CASES).isEqualTo(adds);
        assertThat(world.stats().get("removeCalls")).isEqualTo(removes);
    }

    /** One to three mutations of a valid body. */
    static String mutate(String body, Random r) {
        String s = body;
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            s = switch (r.nextInt(6)) {
                case 0 -> flip(s, r);
                case 1 -> insert(s, r);
                case 2 -> s.substring(0, r.nextInt(s.length() + 1));
                case 3 -> repeatSpan(s, r);
                default -> replaceValue(s, r);
            };
        }
        return s;
    }

    private static String flip(String s, Random r) {
        if (s.isEmpty()) {
            return s;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(7));
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String insert(String s, Random r) {
        String[] bits = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-", "1e999", "\u0000", "\uD800", "  "};
        int at = r.nextInt(s.length() + 1);
        return s.substring(0, at) + bits[r.nextInt(bits.length)] + s.substring(at);
    }

    private static String repeatSpan(String s, Random r) {
        if (s.length() < 2) {
            return s;
        }
        int a = r.nextInt(s.length() - 1);
        int b = a + 1 + r.nextInt(Math.min(40, s.length() - a - 1));
        return s.substring(0, b) + s.substring(a, b) + s.substring(b);
    }

    /** Puts another JSON value after a random key: never a boolean after "dryRun". */
    private static String replaceValue(String s, Random r) {
        int colon = nthColon(s, r);
        if (colon < 0) {
            return s;
        }
        int end = colon + 1;
        int depth = 0;
        boolean inString = false;
        while (end < s.length()) {
            char c = s.charAt(end);
            if (inString) {
                if (c == '\\') {
                    end++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            end++;
        }
        boolean dryRun = s.substring(0, colon).endsWith("\"dryRun\"");
        String[] values = {"null", "\"\"", "\"TRUE\"", "-1", "0", "2.5", "99999999999999999999", "[]", "{}", "[null]", "{\"a\":null}",
                "\"" + "x".repeat(5000) + "\"", "[[[[[[[[[[1]]]]]]]]]]", "true", "false"};
        String v = values[r.nextInt(dryRun ? values.length - 2 : values.length)];
        return s.substring(0, colon + 1) + v + s.substring(Math.min(end, s.length()));
    }

    private static int nthColon(String s, Random r) {
        int count = 0;
        for (char c : s.toCharArray()) {
            count += c == ':' ? 1 : 0;
        }
        if (count == 0) {
            return -1;
        }
        int target = r.nextInt(count);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ':' && target-- == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }
}
