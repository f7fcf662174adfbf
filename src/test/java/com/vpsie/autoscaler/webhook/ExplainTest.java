package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.sandbox.SimulatedCluster;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /v1/explain on the sandbox's live cluster: a node's verdict and every reason with its code and
 * time; a pod's. The stand-in scheduler is held off, so a pending pod stays pending between the
 * world and the question, however slow the machine.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.scheduler-interval", value = "1h")
class ExplainTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    SimulatedCluster cluster;

    private BlockingHttpClient http;

    @BeforeEach
    void world() {
        http = client.toBlocking();
        String keep = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"keep","namespace":"default","annotations":{"autoscaler.vpsie.com/do-not-disrupt":"true"},
                 "ownerReferences":[{"kind":"ReplicaSet","name":"keep-rs","controller":true}]},
                 "spec":{"nodeName":"general-0002","containers":[{"name":"c","resources":{"requests":{"cpu":"100m"}}}]},"status":{"phase":"Running"}}""";
        String huge = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"huge","namespace":"default","ownerReferences":[{"kind":"ReplicaSet","name":"h","controller":true}]},
                 "spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"64"}}}]},"status":{"phase":"Pending"}}""";
        String world = DisruptionWhatIfTest.world(",\"disruption\":{\"budgets\":[{\"nodes\":\"1\"}]}", keep + "," + huge);
        call(http, auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", world))));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(String uri) {
        return call(http, auth(HttpRequest.GET(uri))).body();
    }

    @SuppressWarnings("unchecked")
    private static List<String> codes(Map<String, Object> answer) {
        return ((List<Map<String, Object>>) answer.get("reasons")).stream().map(r -> (String) r.get("code")).toList();
    }

    @Test
    void aNodeKeptByADoNotDisruptPodNamesThePod() {
        Map<String, Object> a = get("/v1/explain/nodes/general-0002");
        assertThat(a.get("verdict")).isEqualTo("stays");
        assertThat(codes(a)).contains("POD_DO_NOT_DISRUPT");
        assertThat(a.get("reasons").toString()).contains("default/keep");
    }

    @Test
    void ofTwoEmptyNodesOneWaitsForTheBudgetAndSaysWhich() {
        Map<String, Object> first = get("/v1/explain/nodes/general-0001");
        Map<String, Object> third = get("/v1/explain/nodes/general-0003");
        assertThat(List.of(first.get("verdict"), third.get("verdict"))).containsExactlyInAnyOrder("goes now", "stays");
        Map<String, Object> waiting = "stays".equals(first.get("verdict")) ? first : third;
        assertThat(codes(waiting)).contains("DISRUPTION_BUDGET");
        assertThat(waiting.get("reasons").toString()).contains("spec.disruption.budgets[0] allows 1 node(s) at once");
    }

    @Test
    void aPodNoGroupCanHostSaysEachGroupsReasonWithItsCode() {
        Map<String, Object> a = get("/v1/explain/pods/default/huge");
        assertThat(a.get("verdict")).isEqualTo("waits: no group can take it now");
        assertThat(codes(a)).containsExactly("INSUFFICIENT_RESOURCE");
        assertThat(a.get("reasons").toString()).contains("group general");
    }

    @Test
    void aRunningPodSaysWhere() {
        Map<String, Object> a = get("/v1/explain/pods/default/keep");
        assertThat(a.get("verdict")).isEqualTo("runs");
        assertThat(a.get("node")).isEqualTo("general-0002");
    }

    @Test
    void kubectlSeesTheSameOnTheNodeAsAnEvent() {
        http.exchange(auth(SandboxHttp.post("/v1/reconcile?nodeGroup=general", "")), String.class);
        assertThat(cluster.events()).filteredOn(e -> "Node".equals(e.kind()) && "general-0002".equals(e.name())).isNotEmpty()
                .anySatisfy(e -> {
                    assertThat(e.reason()).isEqualTo("ScaleDownBlocked");
                    assertThat(e.message()).startsWith("POD_DO_NOT_DISRUPT: ").contains("default/keep");
                });
    }

    @Test
    void aManualScaleGoesPastTheBudgetAndSaysSo() {
        Map<String, Object> d = call(http, auth(SandboxHttp.post("/v1/scale", "{\"nodeGroup\":\"general\",\"desiredNodes\":1}"))).body();
        assertThat(d.get("removed")).as("%s", d).isEqualTo(2);
        assertThat(d.get("reasons").toString()).contains("goes past the disruption budget (a manual scale is the operator's own act)")
                .contains("node general-0002 cannot go");
    }

    @Test
    void aPodThatFitsANodeTheCapRemovesWaitsAndSaysSo() {
        String small = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"small","namespace":"default","ownerReferences":[{"kind":"ReplicaSet","name":"s","controller":true}]},
                 "spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"100m"}}}]},"status":{"phase":"Pending"}}""";
        String night = DisruptionWhatIfTest.world(",\"schedules\":[{\"name\":\"night\",\"cron\":\"* * * * *\",\"duration\":\"2h\",\"maxNodes\":0}]", small);
        call(http, auth(SandboxHttp.json(HttpRequest.PUT("/sandbox/scenario", night))));
        Map<String, Object> a = get("/v1/explain/pods/default/small");
        assertThat(a.get("verdict")).isEqualTo("waits: the node it fits goes");
        assertThat(codes(a)).contains("NODE_GOING");
        assertThat(a.get("reasons").toString()).contains("schedule night caps the group at 0 node(s)");
    }

    @Test
    void unknownNamesAre404ProblemsNamingTheField() {
        assertThat(SandboxHttp.problem(http, auth(HttpRequest.GET("/v1/explain/nodes/nope")), 404).get("detail").toString()).contains("'nope'");
        assertThat(SandboxHttp.problem(http, auth(HttpRequest.GET("/v1/explain/pods/default/nope")), 404).get("detail").toString())
                .contains("default/nope");
        SandboxHttp.problem(http, HttpRequest.GET("/v1/explain/nodes/general-0001"), 401);
    }
}
