package com.vpsie.autoscaler.webhook;

import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.vpsie.autoscaler.webhook.SandboxHttp.auth;
import static com.vpsie.autoscaler.webhook.SandboxHttp.call;
import static com.vpsie.autoscaler.webhook.SandboxHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/** The disruption cases of the what-if, answered as an operator would ask them: budgets, a window's cap, do-not-disrupt. */
@MicronautTest(environments = "sandbox")
class DisruptionWhatIfTest {
    @Inject
    @Client("/")
    HttpClient client;

    /** Three empty nodes of general, unneeded for a day; {@code spec} is added to the group's spec, {@code pods} to the world. */
    static String world(String spec, String pods) {
        String nodes = IntStream.rangeClosed(1, 3).mapToObj(i -> """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"general-000%d","labels":{"kubernetes.io/hostname":"general-000%d",
                 "autoscaler.vpsie.com/nodegroup":"general"}},"spec":{},"status":{"allocatable":{"cpu":"1900m","memory":"3840Mi","pods":"110"},
                 "conditions":[{"type":"Ready","status":"True"}]}}""".formatted(i, i)).collect(Collectors.joining(","));
        return """
                {"clusterId":"sandbox-cluster",
                 "sizes":[{"id":101,"name":"k8s-2c-4g","cpu":2,"ram":4096,"disk":80,"price":20.0,"hourly_price":0.0278}],
                 "vpsieNodeGroups":[{"id":11,"group_name":"general","identifier":"ng-general","boxsize_id":101,"dcIdentifier":"sandbox-dc",
                   "cpu":2,"ram":4096,"ssd":80,"nodes_count":3,"cluster_id":"sandbox-cluster","is_active":1}],
                 "nodeGroups":[{"apiVersion":"autoscaler.vpsie.com/v1alpha1","kind":"NodeGroup","metadata":{"name":"general","namespace":"vpsie-autoscaler"},
                   "spec":{"minNodes":0,"maxNodes":10,"vpsie":{"clusterId":"sandbox-cluster","nodeGroupId":11}%s},
                   "status":{"unneededSince":{"general-0001":"2026-01-01T00:00:00Z","general-0002":"2026-01-01T00:00:00Z","general-0003":"2026-01-01T00:00:00Z"}}}],
                 "nodes":[%s],
                 "pods":[%s]}""".formatted(spec, nodes, pods);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> general(String world) {
        BlockingHttpClient http = client.toBlocking();
        Map<String, Object> plan = call(http, auth(post("/v1/plan", world))).body();
        assertThat((Map<String, Object>) plan.get("skippedNodeGroups")).as("%s", plan).isEmpty();
        return ((List<Map<String, Object>>) plan.get("nodeGroups")).stream().filter(g -> "general".equals(g.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void aBudgetOfOneLetsOneOfThreeEmptyNodesGo() {
        Map<String, Object> g = general(world(",\"disruption\":{\"budgets\":[{\"nodes\":\"1\"}]}", ""));
        assertThat((List<String>) g.get("scaleDown")).hasSize(1);
        assertThat(g.get("reasons").toString()).contains("wait(s) for the disruption budget: spec.disruption.budgets[0] allows 1 node(s) at once");
    }

    @Test
    void aNodeGroupNamedTwiceIsRefusedNamingTheSecond() {
        String twice = SandboxHttp.startWorld().replaceFirst("\"nodeGroups\": \\[", java.util.regex.Matcher.quoteReplacement(
                "\"nodeGroups\": [{\"apiVersion\":\"autoscaler.vpsie.com/v1alpha1\",\"kind\":\"NodeGroup\",\"metadata\":{\"name\":\"general\","
                        + "\"namespace\":\"vpsie-autoscaler\"},\"spec\":{\"minNodes\":0,\"maxNodes\":1,\"vpsie\":{\"clusterId\":\"sandbox-cluster\",\"nodeGroupId\":11}}},"));
        Map<String, Object> problem = SandboxHttp.problem(client.toBlocking(), auth(post("/v1/plan", twice)), 400);
        assertThat(problem.get("detail").toString()).contains("nodeGroups[1].metadata.name").contains("'general' again");
    }

    @Test
    void aBudgetOfAllLetsThemGoTogether() {
        Map<String, Object> g = general(world(",\"disruption\":{\"budgets\":[{\"nodes\":\"100%\"}]}", ""));
        assertThat((List<String>) g.get("scaleDown")).containsExactly("general-0001", "general-0002", "general-0003");
        assertThat(((Number) g.get("hourlyNow")).doubleValue()).as("three nodes at $0.0278/h").isEqualTo(0.0834);
        assertThat(((Number) g.get("hourlyPlanned")).doubleValue()).isZero();
    }

    @Test
    void anOpenWindowWithMaxNodesOneCapsTheGroupAndNamesTheWindow() {
        Map<String, Object> g = general(world(",\"scaleDown\":{\"enabled\":false},\"schedules\":[{\"name\":\"quiet\",\"cron\":\"* * * * *\","
                + "\"duration\":\"2h\",\"maxNodes\":1,\"timeZone\":\"Europe/Berlin\"}]", ""));
        assertThat((List<String>) g.get("scaleDown")).hasSize(2);
        assertThat(g.get("desiredNodes")).isEqualTo(1);
        assertThat(g.get("reasons").toString()).contains("schedule quiet caps the group at 1 node(s) until").contains("[Europe/Berlin]");
    }

    @Test
    void aDoNotDisruptPodKeepsItsNodeAndIsNamed() {
        String pod = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"keep","namespace":"default","annotations":{"autoscaler.vpsie.com/do-not-disrupt":"true"},
                 "ownerReferences":[{"kind":"ReplicaSet","name":"keep-rs","controller":true}]},
                 "spec":{"nodeName":"general-0002","containers":[{"name":"c","resources":{"requests":{"cpu":"100m"}}}]},"status":{"phase":"Running"}}""";
        Map<String, Object> g = general(world(",\"disruption\":{\"budgets\":[{\"nodes\":\"100%\"}]}", pod));
        assertThat((List<String>) g.get("scaleDown")).containsExactly("general-0001", "general-0003");
        assertThat(g.get("scaleDownBlocked").toString()).contains("node=general-0002").contains("code=POD_DO_NOT_DISRUPT")
                .contains("default/keep has autoscaler.vpsie.com/do-not-disrupt=true");
    }
}
