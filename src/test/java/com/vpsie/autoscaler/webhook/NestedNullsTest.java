package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static com.vpsie.autoscaler.webhook.SandboxHttp.post;
import static com.vpsie.autoscaler.webhook.SandboxHttp.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A null at any depth of a body is a 400 naming where it is, on the what-if, the sandbox's
 * scenario and its pods: never a 500 (each of these rows was one), and never a Java or Jackson name.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
class NestedNullsTest {
    @Inject
    @Client("/")
    HttpClient client;

    @BeforeEach
    void startWorld() {
        call(client.toBlocking(), auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", SandboxHttp.startWorld()))));
    }

    private static final String NODE = "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\",\"labels\":{%s\"autoscaler.vpsie.com/nodegroup\":\"general\"}},"
            + "\"spec\":{%s},\"status\":{\"allocatable\":{\"cpu\":\"2\",\"memory\":\"4Gi\",\"pods\":\"110\"},\"conditions\":[%s{\"type\":\"Ready\",\"status\":\"True\"}]}}";

    private static String node(String labels, String spec, String conditions) {
        return String.format(NODE, labels, spec, conditions);
    }

    private static String pod(String spec) {
        return "{\"metadata\":{\"name\":\"a\",\"namespace\":\"default\",\"labels\":{\"app\":\"a\"}},\"spec\":{" + spec
                + ",\"containers\":[]},\"status\":{\"phase\":\"Pending\"}}";
    }

    private static String selector(String inside) {
        return "\"labelSelector\":{" + inside + "}";
    }

    static Stream<Arguments> nulls() {
        String expr = "{\"key\":\"a\",\"operator\":\"In\",\"values\":[null]}";
        return Stream.of(
                Arguments.of("a null node label value", "\"nodes\": [", "\"nodes\": [" + node("\"a\":null,", "", "") + ",", "nodes[0]"),
                Arguments.of("taints: [null]", "\"nodes\": [", "\"nodes\": [" + node("", "\"taints\":[null]", "") + ",", "nodes[0]"),
                Arguments.of("conditions: [null]", "\"nodes\": [", "\"nodes\": [" + node("", "", "null,") + ",", "nodes[0]"),
                Arguments.of("nodeSelectorTerms: [null]", "\"pods\": []", "\"pods\": [" + pod(
                        "\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[null]}}}") + "]", "pods[0]"),
                Arguments.of("values: [null] in a node selector term", "\"pods\": []", "\"pods\": [" + pod(
                        "\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[{\"matchExpressions\":["
                                + expr + "]}]}}}") + "]", "pods[0]"),
                Arguments.of("a null in a spread's matchLabels", "\"pods\": []", "\"pods\": [" + pod(
                        "\"topologySpreadConstraints\":[{\"maxSkew\":1,\"topologyKey\":\"kubernetes.io/hostname\",\"whenUnsatisfiable\":\"DoNotSchedule\","
                                + selector("\"matchLabels\":{\"app\":null}") + "}]") + "]", "pods[0]"),
                Arguments.of("values: [null] in a spread's expression", "\"pods\": []", "\"pods\": [" + pod(
                        "\"topologySpreadConstraints\":[{\"maxSkew\":1,\"topologyKey\":\"kubernetes.io/hostname\",\"whenUnsatisfiable\":\"DoNotSchedule\","
                                + selector("\"matchExpressions\":[" + expr + "]") + "}]") + "]", "pods[0]"),
                Arguments.of("a null in an anti-affinity term's matchLabels", "\"pods\": []", "\"pods\": [" + pod(
                        "\"affinity\":{\"podAntiAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":[{\"topologyKey\":\"kubernetes.io/hostname\","
                                + selector("\"matchLabels\":{\"app\":null}") + "}]}}") + "]", "pods[0]"),
                Arguments.of("anti-affinity terms: [null]", "\"pods\": []", "\"pods\": [" + pod(
                        "\"affinity\":{\"podAntiAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":[null]}}") + "]", "pods[0]"),
                Arguments.of("ownerReferences: [null]", "\"pods\": []", "\"pods\": [{\"metadata\":{\"name\":\"a\",\"namespace\":\"default\","
                        + "\"ownerReferences\":[null]},\"spec\":{\"containers\":[]},\"status\":{\"phase\":\"Pending\"}}]", "pods[0]"),
                Arguments.of("anti-affinity namespaces: [null]", "\"pods\": []", "\"pods\": [" + pod(
                        "\"affinity\":{\"podAntiAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":[{\"topologyKey\":\"kubernetes.io/hostname\","
                                + "\"namespaces\":[null]," + selector("\"matchLabels\":{\"app\":\"a\"}") + "}]}}") + "]", "pods[0]"),
                Arguments.of("tolerations: [null]", "\"pods\": []", "\"pods\": [" + pod("\"tolerations\":[null]") + "]", "pods[0]"),
                Arguments.of("a null in a PDB's matchLabels", "\"pods\": []", "\"pods\": [], \"podDisruptionBudgets\": [{\"metadata\":{\"name\":\"b\",\"namespace\":\"default\"},"
                        + "\"spec\":{\"minAvailable\":1,\"selector\":{\"matchLabels\":{\"app\":null}}}}]", "podDisruptionBudgets[0]"),
                Arguments.of("values: [null] in a PDB's expression", "\"pods\": []", "\"pods\": [], \"podDisruptionBudgets\": [{\"metadata\":{\"name\":\"b\",\"namespace\":\"default\"},"
                        + "\"spec\":{\"minAvailable\":1,\"selector\":{\"matchExpressions\":[" + expr + "]}}}]", "podDisruptionBudgets[0]"));
    }

    /** A NodeGroup with a null inside is planned as invalid: skipped naming the field, the others go on. */
    static Stream<Arguments> groupNulls() {
        return Stream.of(
                Arguments.of("taints: [null]", "\"template\": {\"taints\":[null], \"labels\"", "spec.template.taints[0]"),
                Arguments.of("a taint's effect null", "\"template\": {\"taints\":[{\"key\":\"a\",\"effect\":null}], \"labels\"",
                        "spec.template.taints[0].effect"),
                Arguments.of("headroom: [null]", "\"headroom\":[null], \"scaleUp\"", "spec.headroom[0]"),
                Arguments.of("schedules: [null]", "\"schedules\":[null], \"scaleUp\"", "spec.schedules[0]"));
    }

    @ParameterizedTest(name = "what-if with {0}")
    @MethodSource("nulls")
    void aWhatIfRefusesIt(String what, String find, String replace, String where) {
        refused(what, find, replace, where, body -> post("/v1/plan", body));
    }

    @ParameterizedTest(name = "sandbox scenario with {0}")
    @MethodSource("nulls")
    void theSandboxRefusesIt(String what, String find, String replace, String where) {
        refused(what, find, replace, where, body -> SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", body)));
    }

    private void refused(String what, String find, String replace, String where, Function<String, MutableHttpRequest<String>> request) {
        String world = SandboxHttp.startWorld();
        assertThat(world).as("the row's anchor").contains(find);
        String body = world.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));
        Map<String, Object> p = problem(client.toBlocking(), auth(request.apply(body)), 400);
        assertThat(p.get("field") + " " + p.get("detail")).as("%s: %s", what, p).contains(where);
        assertThat(p.get("detail").toString()).as(what).doesNotContain("Exception", "com.vpsie", "java.", "[Source:", "$");
    }

    @ParameterizedTest(name = "a NodeGroup with {0}")
    @MethodSource("groupNulls")
    void aGroupWithANullIsSkippedNamingTheField(String what, String replace, String field) {
        String world = SandboxHttp.startWorld().replace("\"template\": {\"labels\"", "\"template\": {\"labels\"")
                .replaceFirst("\"scaleUp\"", java.util.regex.Matcher.quoteReplacement(replace.contains("template") ? "\"scaleUp\"" : replace));
        if (replace.contains("template")) {
            world = world.replaceFirst("\"template\": \\{\"labels\"", java.util.regex.Matcher.quoteReplacement(replace));
        }
        assertThat(world).as("the row's anchor").contains(replace);
        Map<String, Object> plan = call(client.toBlocking(), auth(post("/v1/plan", world))).body();
        assertThat(plan.get("skippedNodeGroups").toString()).as(what).contains("general").contains(field);
    }

    @org.junit.jupiter.api.Test
    void aSandboxPodWithANullSelectorValueIsRefused() {
        Map<String, Object> p = problem(client.toBlocking(), auth(post("/sandbox/pods",
                "{\"name\":\"web\",\"replicas\":1,\"cpu\":\"1\",\"memory\":\"1Gi\",\"nodeSelector\":{\"a\":null}}")), 400);
        assertThat(p.get("field") + " " + p.get("detail")).contains("nodeSelector");
    }
}
