package com.vpsie.autoscaler.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart linted strictly and rendered over the matrix of its modes (deployment and knative
 * × three ways of giving VPSie credentials × monitoring on and off), with what makes the function
 * safe to run asserted in each: non-root, read-only root filesystem, probes, resources, never a
 * candidate for its own scale-down, and every Secret key a pod names present in that mode (a
 * token-only Secret could not be mounted by the manifests before, and the pod never started).
 */
class ChartTest {

    @Test
    void lintsStrictly() {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    static Stream<Arguments> matrix() {
        return Chart.matrix().stream().map(r -> Arguments.of(r.mode(), r.credentials(), r.monitoring()));
    }

    private static Map<String, Object> values(String mode, String credentials, boolean monitoring) {
        return new Chart.Row(mode, credentials, monitoring).values();
    }

    @ParameterizedTest(name = "mode {0}, credentials by {1}, monitoring {2}")
    @MethodSource("matrix")
    void rendersAHardenedFunctionWhosePodNamesOnlyKeysThatExist(String mode, String credentials, boolean monitoring) throws Exception {
        List<Map<String, Object>> docs = Chart.render(values(mode, credentials, monitoring));

        Map<String, Object> workload = mode.equals("deployment") ? one(docs, "Deployment", Chart.RELEASE)
                : docs.stream().filter(d -> "serving.knative.dev/v1".equals(d.get("apiVersion"))).findFirst().orElseThrow();
        Map<String, Object> template = map(at(workload, "spec.template"));
        Map<String, Object> pod = map(template.get("spec"));
        assertThat(at(template, "metadata.annotations")).asString().contains("cluster-autoscaler.kubernetes.io/safe-to-evict=false");
        assertThat(pod.get("nodeSelector")).as("runs on any node by default").isNull();
        assertThat(pod.get("priorityClassName")).isEqualTo("system-cluster-critical");
        assertThat(pod.get("serviceAccountName")).isEqualTo(Chart.RELEASE);
        assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        Map<String, Object> c = container(pod);
        assertThat(c.get("image")).isEqualTo("ghcr.io/vpsieinc/vpsie-autoscaler:" + appVersion());
        assertThat(at(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(c, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(at(c, "livenessProbe.httpGet.path")).isEqualTo("/health/liveness");
        assertThat(at(c, "readinessProbe.httpGet.path")).isEqualTo("/health/readiness");
        assertThat(at(c, "resources.limits.memory")).isNotNull();
        assertThat(at(c, "resources.requests.cpu")).isNotNull();
        assertThat(env(c)).containsEntry("VPSIE_CREDENTIALS_DIR", "/var/run/secrets/vpsie").containsEntry("AUTOSCALER_KUBERNETES_NAMESPACE", Chart.NAMESPACE);

        // Every Secret key the pod names exists in the Secret the chart renders (an existingSecret is the user's; the chart mounts it whole).
        Map<String, Set<String>> secrets = secretKeys(docs);
        for (Map<String, Object> ref : secretRefs(pod)) {
            String name = (String) ref.get("name");
            if (name.equals("my-vpsie")) {
                assertThat(ref.get("key")).as("an existing Secret is mounted whole, no key asked of it").isNull();
                continue;
            }
            assertThat(secrets).as("Secret %s is rendered", name).containsKey(name);
            if (ref.get("key") != null) {
                assertThat(secrets.get(name)).as("Secret %s has key %s", name, ref.get("key")).contains((String) ref.get("key"));
            }
        }
        Map<String, Object> vpsieVolume = ((List<?>) pod.get("volumes")).stream().map(ChartTest::map)
                .filter(v -> "vpsie-credentials".equals(v.get("name"))).findFirst().orElseThrow();
        assertThat(at(vpsieVolume, "secret.items")).as("mounted whole: only the keys used need exist").isNull();
        switch (credentials) {
            case "clientId" -> assertThat(secrets.get(Chart.RELEASE + "-vpsie")).containsExactlyInAnyOrder("client-id", "client-secret");
            case "token" -> assertThat(secrets.get(Chart.RELEASE + "-vpsie")).containsExactly("token");
            default -> assertThat(secrets).doesNotContainKey(Chart.RELEASE + "-vpsie");
        }
        assertThat(secrets.get(Chart.RELEASE + "-auth")).containsExactly("auth-tokens");

        if (mode.equals("deployment")) {
            assertThat(at(workload, "spec.replicas")).isEqualTo(2);
            assertThat(env(c)).containsEntry("AUTOSCALER_RECONCILE_INTERVAL", "30s");
            assertThat(at(one(docs, "PodDisruptionBudget", Chart.RELEASE), "spec.minAvailable")).isEqualTo(1);
            assertThat(at(one(docs, "Service", Chart.RELEASE), "spec.ports")).asString().contains("8080");
        } else {
            Map<String, Object> annotations = map(at(workload, "spec.template.metadata.annotations"));
            assertThat(annotations.get("autoscaling.knative.dev/min-scale")).as("never from zero on a full cluster").isEqualTo("1");
            assertThat(env(c)).containsEntry("AUTOSCALER_AUTH_OPEN_HEARTBEAT", "true");
            Map<String, Object> ping = one(docs, "PingSource", Chart.RELEASE + "-heartbeat");
            assertThat(at(ping, "spec.sink.ref.name")).isEqualTo(at(workload, "metadata.name"));
            assertThat(at(ping, "spec.sink.uri")).isEqualTo("/v1/reconcile");
        }
        assertThat(docs.stream().anyMatch(d -> "PrometheusRule".equals(d.get("kind")))).isEqualTo(monitoring);
        assertThat(docs.stream().anyMatch(d -> "ServiceMonitor".equals(d.get("kind")))).isEqualTo(monitoring && mode.equals("deployment"));
        if (monitoring) {
            assertThat(at(one(docs, "PrometheusRule", Chart.RELEASE), "spec.groups")).asString().contains("KubePodsPending");
            String dashboard = (String) map(at(one(docs, "ConfigMap", Chart.RELEASE + "-dashboard"), "data")).get("vpsie-autoscaler.json");
            assertThat(new ObjectMapper().readTree(dashboard).get("panels")).as("the dashboard is whole JSON").isNotNull();
        }
        assertThat(one(docs, "NetworkPolicy", Chart.RELEASE)).isNotNull();
        assertThat(docs).filteredOn(d -> !List.of("ClusterRole", "ClusterRoleBinding").contains(d.get("kind"))).isNotEmpty()
                .allSatisfy(d -> assertThat(at(d, "metadata.namespace")).as("namespace of %s", d.get("kind")).isEqualTo(Chart.NAMESPACE));
    }

    @Test
    void theAutoOptionsRenderNothingWhereTheirApiIsMissing() {
        List<Map<String, Object>> docs = Chart.render(Map.of("vpsie.token", "t"));
        assertThat(docs).noneMatch(d -> List.of("PrometheusRule", "ServiceMonitor", "ConfigMap").contains(d.get("kind")));
    }

    @Test
    void networkPolicyAdmitsTheSendersGivenInValues() {
        List<Map<String, Object>> docs = Chart.render(Map.of("vpsie.token", "t", "networkPolicy.ingressFrom[0].namespace", "observability",
                "networkPolicy.ingressFrom[0].podLabels.app", "alertmanager"));
        String np = one(docs, "NetworkPolicy", Chart.RELEASE).toString();
        assertThat(np).contains("kubernetes.io/metadata.name=observability").contains("app=alertmanager").doesNotContain("=monitoring");
    }

    @Test
    void nodeGroupsFromValuesAreRendered() {
        List<Map<String, Object>> docs = Chart.render(Map.of("vpsie.token", "t", "nodeGroups[0].name", "general",
                "nodeGroups[0].spec.minNodes", 1, "nodeGroups[0].spec.maxNodes", 5,
                "nodeGroups[0].spec.vpsie.clusterId", "c-1", "nodeGroups[0].spec.vpsie.nodeGroupId", 11));
        Map<String, Object> ng = one(docs, "NodeGroup", "general");
        assertThat(at(ng, "spec.maxNodes")).isEqualTo(5);
        assertThat(at(ng, "spec.vpsie.nodeGroupId")).isEqualTo(11);
    }

    @Test
    void aGeneratedTokenIsRenderedAndGivenTokensAreKept() {
        String generated = auth(Chart.render(Map.of("vpsie.token", "t")));
        assertThat(generated).hasSize(40);
        assertThat(auth(Chart.render(Map.of("vpsie.token", "t", "auth.tokens", "a,b")))).isEqualTo("a,b");
        assertThat(Chart.render(Map.of("vpsie.token", "t", "auth.existingSecret", "mine")))
                .noneMatch(d -> "Secret".equals(d.get("kind")) && (Chart.RELEASE + "-auth").equals(at(d, "metadata.name")));
    }

    @Test
    void mistakesInValuesAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> Chart.render(Map.of("mode", "lambda"))).hasMessageContaining("mode: expected deployment or knative, got 'lambda'");
        assertThatThrownBy(() -> Chart.render(Map.of("vpsie.clientId", "x"))).hasMessageContaining("vpsie.clientSecret");
    }

    @Test
    void theChartTheImageAndTheDocsNameOneRelease() throws Exception {
        String app = appVersion();
        String chartVersion = java.nio.file.Files.readAllLines(Chart.DIR.resolve("Chart.yaml")).stream().filter(l -> l.startsWith("version:"))
                .map(l -> l.substring(8).trim()).findFirst().orElseThrow();
        assertThat(app).as("appVersion is the image tag of the chart's version").isEqualTo("v" + chartVersion);
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("Makefile"))).as("make's default release").contains("RELEASE ?= " + app + "\n");
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("docs/install.md"))).as("the install names that release")
                .contains("--version " + chartVersion);
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of(".github/workflows/release.yml")))
                .contains("helm package charts/vpsie-autoscaler --version \"$version\" --app-version \"$GITHUB_REF_NAME\"").contains("helm push");
    }

    // ---- reading the rendered documents ----

    private static String appVersion() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(Chart.DIR.resolve("Chart.yaml")).stream().filter(l -> l.startsWith("appVersion:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim().replace("\"", "")).findFirst().orElseThrow();
    }

    private static String auth(List<Map<String, Object>> docs) {
        Map<String, Object> s = one(docs, "Secret", Chart.RELEASE + "-auth");
        return new String(Base64.getDecoder().decode((String) at(s, "data.auth-tokens")), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Each rendered Secret's keys. */
    private static Map<String, Set<String>> secretKeys(List<Map<String, Object>> docs) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Map<String, Object> d : docs) {
            if ("Secret".equals(d.get("kind"))) {
                Set<String> keys = new HashSet<>();
                for (String field : List.of("data", "stringData")) {
                    if (d.get(field) instanceof Map<?, ?> m) {
                        m.keySet().forEach(k -> keys.add((String) k));
                    }
                }
                out.put((String) at(d, "metadata.name"), keys);
            }
        }
        return out;
    }

    /** Every Secret the pod names, by env (secretKeyRef: name and key) or volume (secretName, and each item's key). */
    private static List<Map<String, Object>> secretRefs(Map<String, Object> pod) {
        List<Map<String, Object>> refs = new ArrayList<>();
        for (Object o : (List<?>) container(pod).get("env")) {
            Object ref = at(map(o), "valueFrom.secretKeyRef");
            if (ref != null) {
                refs.add(map(ref));
            }
        }
        for (Object o : (List<?>) pod.get("volumes")) {
            Object secret = map(o).get("secret");
            if (secret == null) {
                continue;
            }
            String name = (String) map(secret).get("secretName");
            Object items = map(secret).get("items");
            if (items == null) {
                Map<String, Object> whole = new LinkedHashMap<>();
                whole.put("name", name);
                refs.add(whole);
            } else {
                for (Object item : (List<?>) items) {
                    refs.add(Map.of("name", name, "key", map(item).get("key")));
                }
            }
        }
        return refs;
    }

    static Map<String, Object> one(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered chart"));
    }

    static Object at(Map<String, Object> doc, String path) {
        Object cur = doc;
        for (String key : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(key);
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> container(Map<String, Object> podSpec) {
        return map(((List<?>) podSpec.get("containers")).get(0));
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object o : (List<?>) container.get("env")) {
            Map<String, Object> e = map(o);
            env.put((String) e.get("name"), e.get("value") == null ? "(from " + e.get("valueFrom") + ")" : (String) e.get("value"));
        }
        return env;
    }
}
