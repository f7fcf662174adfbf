package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static com.vpsie.autoscaler.webhook.SandboxHttp.fixture;
import static com.vpsie.autoscaler.webhook.SandboxHttp.post;
import static com.vpsie.autoscaler.webhook.SandboxHttp.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every route of the HTTP contract: its happy path, each 4xx it promises, and auth. */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
@Property(name = "sandbox.provision-delay", value = "30s")
class ApiContractTest {
    @Inject
    @Client("/")
    HttpClient client;

    BlockingHttpClient http;

    @BeforeEach
    void freshWorld() {
        http = client.toBlocking();
        call(http, auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", SandboxHttp.startWorld()))));
    }

    private void addPods(int replicas, String cpu) {
        call(http, auth(post("/sandbox/pods", "{\"name\":\"web\",\"replicas\":" + replicas + ",\"cpu\":\"" + cpu + "\",\"memory\":\"512Mi\"}")));
    }

    private int addCalls() {
        return ((Number) call(http, auth(HttpRequest.GET("/sandbox/vpsie/stats"))).body().get("addCalls")).intValue();
    }

    // ---- auth ----

    @Test
    void everyV1AndSandboxRouteNeedsAToken() {
        for (String path : List.of("/v1/nodegroups", "/v1/decisions", "/v1/plan", "/v1/version", "/sandbox/cluster", "/sandbox/vpsie/stats")) {
            Map<String, Object> missing = problem(http, HttpRequest.GET(path), 401);
            assertThat(missing.get("field")).isEqualTo("Authorization");
            problem(http, HttpRequest.GET(path).bearerAuth("wrong"), 403);
        }
        problem(http, post("/v1/webhooks/alertmanager", fixture("alertmanager-firing-two-alerts.json")), 401);
        problem(http, post("/v1/webhooks/alertmanager", fixture("alertmanager-firing-two-alerts.json")).basicAuth("a", "b"), 401);
        problem(http, post("/v1/webhooks/alertmanager", fixture("alertmanager-firing-two-alerts.json")).bearerAuth("sandbox2"), 403);
    }

    @Test
    void healthAndPrometheusAreOpen() {
        assertThat(http.exchange(HttpRequest.GET("/health/readiness")).code()).isEqualTo(200);
        assertThat(http.exchange(HttpRequest.GET("/health/liveness")).code()).isEqualTo(200);
        // A delivery first: the function serves only its own series, and they exist once it has decided something.
        call(http, auth(post("/v1/webhooks/alertmanager", fixture("alertmanager-firing-two-alerts.json"))));
        String metrics = http.retrieve(HttpRequest.GET("/prometheus"));
        assertThat(metrics).as("prometheus text format").contains("# TYPE vpsie_autoscaler_");
        // Only what the dashboard and the alert rules read: no binder's JVM, process or HTTP series.
        assertThat(metrics.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]))
                .as("series served").isNotEmpty().allMatch(name -> name.startsWith("vpsie_autoscaler_"));
    }

    // ---- Alertmanager ----

    @Test
    void theRealAlertmanagerSampleIsAcceptedAndTriggers() {
        addPods(3, "1");
        HttpResponse<Map> r = call(http, auth(post("/v1/webhooks/alertmanager", fixture("alertmanager-firing-two-alerts.json"))));
        assertThat(r.code()).isEqualTo(202);
        assertThat(r.body().get("received")).isEqualTo(2);
        assertThat(r.body().get("triggered")).isEqualTo(List.of("general"));
        assertThat(r.body().get("ignored")).isEqualTo(List.of());
        List<Map<String, Object>> decisions = (List<Map<String, Object>>) r.body().get("decisions");
        assertThat(decisions.get(0).get("action")).isEqualTo("SCALE_UP");
        assertThat(addCalls()).as("one of the three 1-CPU pods fits the existing node's free 1900m").isEqualTo(2);
    }

    @Test
    void resolvedAlertsTriggerAndOthersAreIgnoredWithWhy() {
        String mixed = fixture("alertmanager-mixed-firing-resolved.json")
                .replaceFirst("\"alertname\": \"KubePodsPending\",\\s*\"namespace\": \"batch\",\\s*\"nodegroup\": \"general\",\\s*\"severity\": \"warning\",\\s*\"vpsie_autoscaler\": \"true\"",
                        "\"alertname\": \"Watchdog\"");
        HttpResponse<Map> r = call(http, auth(post("/v1/webhooks/alertmanager", mixed)));
        assertThat(r.code()).isEqualTo(202);
        assertThat(r.body().get("triggered")).isEqualTo(List.of("general"));
        List<Map<String, String>> ignored = (List<Map<String, String>>) r.body().get("ignored");
        assertThat(ignored.size()).isEqualTo(1);
        assertThat(ignored.get(0).get("item")).contains("Watchdog");
        assertThat(ignored.get(0).get("reason")).contains("autoscaler.alerts.names");
    }

    @Test
    void badAlertmanagerBodiesAre400Or413NeverServerErrors() {
        problem(http, auth(post("/v1/webhooks/alertmanager", "{\"alerts\": [")), 400);
        Map<String, Object> wrongType = problem(http, auth(post("/v1/webhooks/alertmanager", "{\"version\":\"4\",\"alerts\":\"lots\"}")), 400);
        assertThat(wrongType.get("field")).as(wrongType.toString()).isEqualTo("alerts");
        Map<String, Object> version = problem(http, auth(post("/v1/webhooks/alertmanager", "{\"version\":\"3\",\"alerts\":[]}")), 400);
        assertThat(version.get("field")).isEqualTo("version");
        Map<String, Object> noLabels = problem(http, auth(post("/v1/webhooks/alertmanager", "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\"}]}")), 400);
        assertThat(noLabels.get("field")).isEqualTo("alerts[0].labels");
        problem(http, auth(post("/v1/webhooks/alertmanager", "")), 400);
        String big = "{\"version\":\"4\",\"alerts\":[],\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        problem(http, auth(post("/v1/webhooks/alertmanager", big)), 413);
    }

    // ---- events ----

    @Test
    void aFreshFailedSchedulingEventTriggersAndAStaleOneDoesNot() {
        String fresh = fixture("event-failedscheduling-insufficient-cpu.json").replace("2026-11-24T10:15:02.331824Z", Instant.now().toString());
        HttpResponse<Map> r = call(http, auth(post("/v1/webhooks/events", fresh)));
        assertThat(r.code()).isEqualTo(202);
        assertThat(r.body().get("triggered")).isEqualTo(List.of("general"));

        HttpResponse<Map> stale = call(http, auth(post("/v1/webhooks/events", fixture("event-failedscheduling-insufficient-cpu.json"))));
        assertThat(stale.body().get("triggered")).isEqualTo(List.of());
        List<Map<String, String>> ignored = (List<Map<String, String>>) stale.body().get("ignored");
        assertThat(ignored.get(0).get("reason")).as(ignored.toString()).startsWith("stale");
    }

    @Test
    void anArrayOfEventsIsReadItemByItem() {
        String array = fixture("events-mixed-array.json").replace("2026-11-24T10:16:41Z", Instant.now().toString());
        HttpResponse<Map> r = call(http, auth(post("/v1/webhooks/events", array)));
        assertThat(r.code()).isEqualTo(202);
        assertThat(r.body().get("received")).isEqualTo(3);
        assertThat(r.body().get("triggered")).isEqualTo(List.of("general"));
        assertThat(((List<?>) r.body().get("ignored")).size()).isEqualTo(2);
        problem(http, auth(post("/v1/webhooks/events", "\"hello\"")), 400);
        problem(http, auth(post("/v1/webhooks/events", "[{\"reason\": 5, \"involvedObject\": []}]")), 400);
    }

    // ---- manual scale ----

    @Test
    void scaleToATargetAddsTheDifference() {
        HttpResponse<Map> r = call(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":4,\"reason\":\"pre-scale for launch\"}")));
        assertThat(r.code()).isEqualTo(202);
        assertThat(r.body().get("action")).isEqualTo("SCALE_UP");
        assertThat(r.body().get("added")).isEqualTo(3);
        assertThat(addCalls()).isEqualTo(3);
        Map<String, Object> group = call(http, auth(HttpRequest.GET("/v1/nodegroups/general"))).body();
        assertThat(group.get("provisioningNodes")).isEqualTo(3);
        assertThat(((Map<?, ?>) group.get("manualTarget")).get("nodes")).isEqualTo(4);
    }

    @Test
    void dryRunChangesNothing() {
        HttpResponse<Map> r = call(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\",\"delta\":2,\"dryRun\":true}")));
        assertThat(r.body().get("action")).isEqualTo("DRY_RUN");
        assertThat(r.body().get("toNodes")).isEqualTo(3);
        assertThat(addCalls()).isEqualTo(0);
    }

    @Test
    void scaleRequestMistakesAreNamed() {
        assertThat(problem(http, auth(post("/v1/scale", "{\"nodeGroup\":\"nope\",\"desiredNodes\":2}")), 404).get("field")).isEqualTo("nodeGroup");
        assertThat(problem(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":11}")), 422).get("field")).isEqualTo("desiredNodes");
        assertThat(problem(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\",\"delta\":-5}")), 422).get("field")).isEqualTo("delta");
        Map<String, Object> neither = problem(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\"}")), 400);
        assertThat(neither.get("detail").toString()).contains("neither");
        Map<String, Object> both = problem(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":2,\"delta\":1}")), 400);
        assertThat(both.get("detail").toString()).contains("both");
        problem(http, auth(post("/v1/scale", "{\"desiredNodes\":2}")), 400);
        problem(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":\"two\"}")), 400);
        assertThat(problem(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":2,\"holdFor\":\"soon\"}")), 400).get("field")).isEqualTo("holdFor");
        assertThat(addCalls()).isEqualTo(0);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndActsOnce() {
        String body = "{\"nodeGroup\":\"general\",\"delta\":2}";
        HttpResponse<Map> first = call(http, auth(post("/v1/scale", body)).header("Idempotency-Key", "k-1"));
        HttpResponse<Map> again = call(http, auth(post("/v1/scale", body)).header("Idempotency-Key", "k-1"));
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(addCalls()).isEqualTo(2);
        problem(http, auth(post("/v1/scale", "{\"nodeGroup\":\"general\",\"delta\":3}")).header("Idempotency-Key", "k-1"), 409);
    }

    // ---- reconcile, views, plan, version ----

    @Test
    void reconcileHeartbeatAndItsNodeGroupFilter() {
        addPods(2, "1");
        HttpResponse<List<Map>> r = http.exchange(auth(HttpRequest.POST("/v1/reconcile", "")), Argument.listOf(Map.class));
        assertThat(r.code()).isEqualTo(200);
        assertThat(((Map<?, ?>) r.body().get(0)).get("action")).isEqualTo("SCALE_UP");
        HttpResponse<List<Map>> one = http.exchange(auth(HttpRequest.POST("/v1/reconcile?nodeGroup=general", "")), Argument.listOf(Map.class));
        assertThat(((Map<?, ?>) one.body().get(0)).get("action")).as("the nodes asked for are counted").isEqualTo("NONE");
        problem(http, auth(HttpRequest.POST("/v1/reconcile?nodeGroup=nope", "")), 404);
        assertThat(addCalls()).as("one pod fits the existing node, the other needs one new node").isEqualTo(1);
    }

    @Test
    void nodeGroupsAndDecisionsViews() {
        List<Map> groups = http.retrieve(auth(HttpRequest.GET("/v1/nodegroups")), Argument.listOf(Map.class));
        assertThat(groups.size()).isEqualTo(1);
        Map<?, ?> general = groups.get(0);
        assertThat(List.of(general.get("name"), general.get("minNodes"), general.get("maxNodes"),
                general.get("currentNodes"), general.get("readyNodes"))).isEqualTo(List.of("general", 1, 10, 1, 1));
        assertThat(general.get("size")).isEqualTo(Map.of("vpsieNodeGroupId", 11, "cpu", 2, "ramMb", 4096, "hourlyPrice", 0.0278));
        problem(http, auth(HttpRequest.GET("/v1/nodegroups/nope")), 404);

        http.exchange(auth(HttpRequest.POST("/v1/reconcile", "")));
        List<Map> decisions = http.retrieve(auth(HttpRequest.GET("/v1/decisions?limit=1")), Argument.listOf(Map.class));
        assertThat(decisions.size()).isEqualTo(1);
        assertThat(decisions.get(0).get("trigger")).isEqualTo("heartbeat");
        assertThat(problem(http, auth(HttpRequest.GET("/v1/decisions?limit=abc")), 400).get("field")).isEqualTo("limit");
        problem(http, auth(HttpRequest.GET("/v1/decisions?limit=0")), 400);
    }

    @Test
    void livePlanAndWhatIfPlan() {
        addPods(5, "1");
        Map<String, Object> live = http.retrieve(auth(HttpRequest.GET("/v1/plan")), Map.class);
        Map<String, Object> group = ((List<Map<String, Object>>) live.get("nodeGroups")).get(0);
        assertThat(group.get("scaleUp")).as("1 pod fits the existing node's 1900m, 4 need new 2-CPU nodes").isEqualTo(4);
        assertThat(addCalls()).as("GET /v1/plan has no side effects").isEqualTo(0);

        String scenario = SandboxHttp.startWorld().replace("\"pods\": []", "\"pods\": [" + pendingPod("a", "1500m") + "," + pendingPod("b", "1500m") + "]");
        Map<String, Object> whatIf = http.retrieve(auth(SandboxHttp.post("/v1/plan", scenario)), Map.class);
        assertThat(((List<Map<String, Object>>) whatIf.get("nodeGroups")).get(0).get("scaleUp")).isEqualTo(1);
        assertThat(addCalls()).as("POST /v1/plan has no side effects").isEqualTo(0);

        String bad = SandboxHttp.startWorld().replace("\"pods\": []", "\"pods\": [" + pendingPod("a", "lots") + "]");
        Map<String, Object> p = problem(http, auth(SandboxHttp.post("/v1/plan", bad)), 400);
        assertThat(p.get("detail").toString()).as(p.toString()).contains("pod default/a container app resources.requests");
        problem(http, auth(SandboxHttp.post("/v1/plan", "{\"nodes\": 3}")), 400);

        // Held by a scheduling gate (Kueue and others): no node is planned for it, and the plan says why.
        String gated = SandboxHttp.startWorld().replace("\"pods\": []", "\"pods\": [" + pendingPod("g", "1500m")
                .replace("\"spec\":{", "\"spec\":{\"schedulingGates\":[{\"name\":\"kueue.x-k8s.io/admission\"}],") + ","
                + pendingPod("a", "1500m") + "," + pendingPod("b", "1500m") + "]");
        Map<String, Object> held = http.retrieve(auth(SandboxHttp.post("/v1/plan", gated)), Map.class);
        assertThat(((List<Map<String, Object>>) held.get("nodeGroups")).get(0).get("scaleUp")).as("a and b need one node; g none").isEqualTo(1);
        assertThat(held.get("waitingForGates")).isEqualTo(List.of(Map.of("pod", "default/g", "reason", "waiting for gates", "gates", List.of("kueue.x-k8s.io/admission"))));
    }

    /**
     * Scheduling rules arrive as kubectl prints them: three replicas that refuse to share a node
     * (required anti-affinity on the hostname), a DaemonSet that takes 400m of every new node, and a
     * typo in an operator answered with the exact field.
     */
    @Test
    @SuppressWarnings("unchecked")
    void whatIfReadsAffinityDaemonSetsAndBudgetsFromKubernetesJson() {
        String apart = "\"affinity\":{\"podAntiAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":[{\"labelSelector\":"
                + "{\"matchLabels\":{\"app\":\"db\"}},\"topologyKey\":\"kubernetes.io/hostname\"}]}}";
        StringBuilder pods = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            pods.append(i == 0 ? "" : ",").append("{\"metadata\":{\"name\":\"db-").append(i).append("\",\"namespace\":\"default\",")
                    .append("\"labels\":{\"app\":\"db\"},\"ownerReferences\":[{\"kind\":\"StatefulSet\",\"name\":\"db\",\"controller\":true}]},")
                    .append("\"spec\":{").append(apart).append(",\"containers\":[{\"name\":\"db\",\"resources\":{\"requests\":{\"cpu\":\"1200m\"}}}]},")
                    .append("\"status\":{\"phase\":\"Pending\"}}");
        }
        String daemonSet = "\"daemonSets\": [{\"metadata\":{\"name\":\"agent\",\"namespace\":\"kube-system\"},\"spec\":{\"template\":"
                + "{\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"400m\"}}}]}}}}],"
                + "\"podDisruptionBudgets\": [{\"metadata\":{\"name\":\"db\",\"namespace\":\"default\"},"
                + "\"spec\":{\"minAvailable\":\"50%\",\"selector\":{\"matchLabels\":{\"app\":\"db\"}}}}],";
        String scenario = SandboxHttp.startWorld().replace("\"pods\": []", daemonSet + "\"pods\": [" + pods + "]");
        Map<String, Object> whatIf = http.retrieve(auth(SandboxHttp.post("/v1/plan", scenario)), Map.class);
        Map<String, Object> group = ((List<Map<String, Object>>) whatIf.get("nodeGroups")).get(0);
        // 1200m fits the existing node (1900m) once; the other two each need a node of their own.
        assertThat(group.get("scaleUp")).as(group.toString()).isEqualTo(2);
        assertThat(whatIf.get("expander")).isEqualTo("least-cost");

        String tooBig = scenario.replace("\"cpu\":\"1200m\"", "\"cpu\":\"1700m\"");
        Map<String, Object> starved = http.retrieve(auth(SandboxHttp.post("/v1/plan", tooBig)), Map.class);
        List<Map<String, Object>> unschedulable = (List<Map<String, Object>>) starved.get("unschedulablePods");
        assertThat(unschedulable.size()).as(starved.toString()).isEqualTo(2);
        assertThat(unschedulable.get(0).get("reason").toString()).as(unschedulable.toString()).contains("needs 1700m CPU");

        String typo = scenario.replace("\"matchLabels\":{\"app\":\"db\"}},\"topologyKey\"",
                "\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Inn\",\"values\":[\"db\"]}]},\"topologyKey\"");
        Map<String, Object> p = problem(http, auth(SandboxHttp.post("/v1/plan", typo)), 400);
        assertThat(p.get("detail")).isEqualTo("pods[0]: pod default/db-0 spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]"
                + ".labelSelector.matchExpressions[0].operator: expected In, NotIn, Exists, DoesNotExist, Gt or Lt, got 'Inn'");
    }

    @Test
    void versionIsStamped() {
        Map<String, Object> v = http.retrieve(auth(HttpRequest.GET("/v1/version")), Map.class);
        // make test stamps VERSION (git describe); a bare mvn test stamps the project version.
        assertThat(v.get("version")).isEqualTo(com.vpsie.autoscaler.health.BuildInfo.load().version());
        assertThat(v.get("version").toString()).as(v.toString()).isNotEqualTo("unknown").doesNotStartWith("${");
        assertThat(v.get("buildDate").toString().matches("\\d{4}-\\d{2}-\\d{2}T.*")).as(v.toString()).isTrue();
        assertThat(v.containsKey("commit")).isTrue();
    }

    @Test
    void sandboxPodsValidation() {
        Map<String, Object> p = problem(http, auth(post("/sandbox/pods", "{\"name\":\"Web!\",\"replicas\":1,\"cpu\":\"1\",\"memory\":\"1Gi\"}")), 400);
        assertThat(p.get("detail").toString()).as(p.toString()).contains("DNS label");
        problem(http, auth(post("/sandbox/pods", "{\"name\":\"web\",\"replicas\":1,\"cpu\":\"a lot\",\"memory\":\"1Gi\"}")), 400);
        assertThat(problem(http, auth(post("/sandbox/pods", "{\"name\":\"web\",\"replicas\":1,\"cpu\":\"-1\",\"memory\":\"1Gi\"}")), 400)
                .get("detail").toString()).isEqualTo("cpu: expected a quantity of 0 or more, got '-1'");
        assertThat(problem(http, auth(post("/sandbox/pods", "{\"name\":\"web\",\"replicas\":null,\"cpu\":\"1\",\"memory\":\"1Gi\"}")), 400)
                .get("detail").toString()).isEqualTo("replicas: expected 1 to 1000, got null");
        assertThat(((Number) call(http, auth(HttpRequest.DELETE("/sandbox/pods?prefix=none"))).body().get("deleted")).intValue() + 1).isEqualTo(1);
    }

    private static String pendingPod(String name, String cpu) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":\""
                + cpu + "\",\"memory\":\"256Mi\"}}}]},\"status\":{\"phase\":\"Pending\"}}";
    }
}
