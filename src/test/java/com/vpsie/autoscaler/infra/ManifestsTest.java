package com.vpsie.autoscaler.infra;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every overlay with the real {@code kubectl kustomize} and checks the fields that make the
 * function safe to run: non-root, read-only root filesystem, probes on the management endpoints,
 * the heartbeat's target. ({@code make e2e} also passes them through {@code kubectl apply --dry-run}.)
 */
class ManifestsTest {

    @Test
    void deploymentOverlayRunsTwoHardenedReplicasWithProbesAndTheirOwnHeartbeat() throws Exception {
        List<Map<String, Object>> docs = render("infra/deployment");
        Map<String, Object> deployment = one(docs, "Deployment", "vpsie-autoscaler");
        assertThat(at(deployment, "spec.replicas")).isEqualTo(2);
        Map<String, Object> pod = map(at(deployment, "spec.template.spec"));
        assertThat(pod.get("priorityClassName")).isEqualTo("system-cluster-critical");
        assertThat(pod.get("serviceAccountName")).isEqualTo("vpsie-autoscaler");
        assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(65532);
        Map<String, Object> c = container(pod);
        assertThat(c.get("image")).isEqualTo("ghcr.io/vpsieinc/vpsie-autoscaler:latest");
        assertThat(at(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(c, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(at(c, "livenessProbe.httpGet.path")).isEqualTo("/health/liveness");
        assertThat(at(c, "readinessProbe.httpGet.path")).isEqualTo("/health/readiness");
        assertThat(env(c)).containsEntry("AUTOSCALER_RECONCILE_INTERVAL", "30s").containsEntry("LOG_FORMAT", "json")
                .containsKey("AUTOSCALER_AUTH_TOKENS").containsEntry("VPSIE_CREDENTIALS_DIR", "/var/run/secrets/vpsie");
        assertThat(at(c, "resources.limits.memory")).isNotNull();
        assertThat(at(one(docs, "PodDisruptionBudget", "vpsie-autoscaler"), "spec.minAvailable")).isEqualTo(1);
        assertThat(at(one(docs, "Service", "vpsie-autoscaler"), "spec.ports")).asString().contains("8080");
        assertBase(docs);
    }

    @Test
    void knativeOverlayServesWithScaleBoundsAndAPingSourceHeartbeat() throws Exception {
        List<Map<String, Object>> docs = render("infra/knative");
        Map<String, Object> ksvc = docs.stream().filter(d -> "serving.knative.dev/v1".equals(d.get("apiVersion"))).findFirst().orElseThrow();
        Map<String, Object> annotations = map(at(ksvc, "spec.template.metadata.annotations"));
        assertThat(annotations).containsKeys("autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/max-scale",
                "autoscaling.knative.dev/target");
        assertThat(at(ksvc, "metadata.labels")).asString().contains("networking.knative.dev/visibility=cluster-local");
        assertThat(annotations.get("autoscaling.knative.dev/min-scale")).as("never from zero on a full cluster").isEqualTo("1");
        assertThat(at(ksvc, "spec.template.spec.priorityClassName")).isEqualTo("system-cluster-critical");
        assertThat(one(docs, "ResourceQuota", "vpsie-autoscaler-critical-pods")).as("the quota system-cluster-critical needs").isNotNull();
        assertThat(at(ksvc, "spec.template.spec.containerConcurrency")).isEqualTo(50);
        assertThat(at(ksvc, "spec.template.spec.timeoutSeconds")).isEqualTo(60);
        Map<String, Object> c = container(map(at(ksvc, "spec.template.spec")));
        assertThat(at(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(ksvc, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(c, "readinessProbe.httpGet.path")).isEqualTo("/health/readiness");
        assertThat(env(c)).containsEntry("AUTOSCALER_AUTH_OPEN_HEARTBEAT", "true");

        Map<String, Object> ping = one(docs, "PingSource", "vpsie-autoscaler-heartbeat");
        assertThat(at(ping, "spec.schedule")).isEqualTo("* * * * *");
        assertThat(at(ping, "spec.sink.ref.kind")).isEqualTo("Service");
        assertThat(at(ping, "spec.sink.ref.apiVersion")).isEqualTo("serving.knative.dev/v1");
        assertThat(at(ping, "spec.sink.ref.name")).isEqualTo(at(ksvc, "metadata.name"));
        assertThat(at(ping, "spec.sink.uri")).isEqualTo("/v1/reconcile");
        assertBase(docs);
    }

    /** What both overlays must carry from the base, in the autoscaler's namespace. */
    private static void assertBase(List<Map<String, Object>> docs) {
        assertThat(docs).anySatisfy(d -> assertThat(d.get("kind")).isEqualTo("CustomResourceDefinition"));
        assertThat(one(docs, "ServiceAccount", "vpsie-autoscaler")).isNotNull();
        assertThat(one(docs, "NetworkPolicy", "vpsie-autoscaler")).isNotNull();
        assertThat(docs).filteredOn(d -> !List.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding").contains(d.get("kind")))
                .allSatisfy(d -> assertThat(at(d, "metadata.namespace")).as("namespace of %s", d.get("kind")).isEqualTo("vpsie-autoscaler"));
        assertThat(docs).noneSatisfy(d -> assertThat(d.get("kind")).isEqualTo("Secret"));
    }

    static List<Map<String, Object>> render(String dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize %s: %s", dir, out).isZero();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : new Yaml(new LoaderOptions()).loadAll(out)) {
            if (d != null) {
                docs.add(map(d));
            }
        }
        return docs;
    }

    static Map<String, Object> one(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered overlay"));
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
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Object o : (List<?>) container.get("env")) {
            Map<String, Object> e = map(o);
            env.put((String) e.get("name"), e.get("value") == null ? "(from " + e.get("valueFrom") + ")" : (String) e.get("value"));
        }
        return env;
    }
}
