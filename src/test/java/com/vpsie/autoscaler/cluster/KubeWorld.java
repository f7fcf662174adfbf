package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.infra.Chart;
import com.vpsie.autoscaler.sandbox.SandboxWorld;
import com.vpsie.autoscaler.sandbox.StartWorld;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the test classes against the API server stand-in share ({@link AgainstKubeMock}): one
 * {@link KubeMock} per class, the kubeconfig that points the function at it with a bearer token,
 * the start world of each test (NodeGroup "general", 1..5 nodes, with one Ready node general-0001
 * whose pods are served by field selector, and the sandbox's VPSie account), the JSON of the
 * objects the tests create, and the RBAC the Helm chart grants.
 */
public final class KubeWorld implements AutoCloseable {
    public static final String NS = "vpsie-autoscaler";
    static final String TOKEN = "sa-token-for-tests";

    public final KubeMock mock = KubeMockHolder.start();

    /** Connected as {@code make run-kube} and Lambda connect: through a kubeconfig with a bearer token, which the ApiClient adds to every request. */
    public Map<String, String> properties() {
        try {
            Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: mock, cluster: {server: "%s"}}]
                    users: [{name: me, user: {token: %s}}]
                    contexts: [{name: mock, context: {cluster: mock, user: me}}]
                    current-context: mock
                    """.formatted(mock.url(), TOKEN));
            kubeconfig.toFile().deleteOnExit();
            return Map.of("kubernetes.client.kube-config-path", kubeconfig.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each test's start: nothing left of the test before, in the stand-in or in the VPSie simulator. */
    public void fresh(SandboxWorld vpsie, JsonMapper json) {
        mock.reset();
        StartWorld.load(vpsie, json);
        mock.create(nodeGroup("general", 1, 5, ""));
        mock.create(node("general-0001", "\"autoscaler.vpsie.com/nodegroup\":\"general\",\"node.vpsie.com/pool\":\"general\"", "", false));
        mock.servePodsOn("general-0001");
    }

    /** The Events of a namespace, as plain maps. */
    public List<GenericKubernetesResource> events(String ns) {
        return mock.client.genericKubernetesResources("v1", "Event").inNamespace(ns).list().getItems().stream()
                .map(e -> {
                    GenericKubernetesResource r = new GenericKubernetesResource();
                    r.setAdditionalProperties(e.getAdditionalProperties());
                    return r;
                }).toList();
    }

    /** Every request the function made since the stand-in started, as RBAC names it ({@code group/resource verb}). */
    public Set<String> permissionsUsed() {
        mock.seen();
        Set<String> used = new TreeSet<>();
        for (KubeMock.Seen r : mock.everything) {
            if (!r.userAgent().contains("fabric8")) {
                used.add(Rbac.permission(r.method(), r.path()));
            }
        }
        return used;
    }

    /** The requests the function made since the stand-in started (the test's own fabric8 client left out). */
    public List<KubeMock.Seen> functionRequests() {
        mock.seen();
        return mock.everything.stream().filter(r -> !r.userAgent().contains("fabric8")).toList();
    }

    /** Every request the function made since the stand-in started is granted by the chart's RBAC, and carried the kubeconfig's token. */
    public void assertEveryRequestGranted() {
        Set<String> used = permissionsUsed();
        assertThat(used).as("requests the function made").isNotEmpty();
        assertThat(granted()).as("the chart's RBAC grants every request made").containsAll(used);
        assertThat(functionRequests()).isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
    }

    /** What the Helm chart's Roles and ClusterRoles grant, as it renders. */
    public static Set<String> granted() {
        return Rbac.granted(new StringReader(Chart.template(Map.of("vpsie.token", "t"))), "the chart's RBAC");
    }

    @Override
    public void close() {
        mock.close();
    }

    public static String mirrorPod(String ns, String name, String node) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s",
                  "annotations":{"kubernetes.io/config.mirror":"abc"}},
                 "spec":{"nodeName":"%s","containers":[{"name":"c","image":"x"}]},"status":{"phase":"Running"}}"""
                .formatted(name, ns, node);
    }

    public static String nodeGroup(String name, int min, int max, String taints) {
        return """
                {"apiVersion":"autoscaler.vpsie.com/v1alpha1","kind":"NodeGroup","metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"minNodes":%d,"maxNodes":%d,"vpsie":{"clusterId":"sandbox-cluster","nodeGroupId":11},
                  "template":{"labels":{"node.vpsie.com/pool":"%s"},"taints":[%s]}}}""".formatted(name, NS, min, max, name, taints);
    }

    public static String node(String name, String labels, String taints, boolean unschedulable) {
        return """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","labels":{"kubernetes.io/hostname":"%s"%s}},
                 "spec":{"unschedulable":%s,"taints":[%s]},
                 "status":{"allocatable":{"cpu":"1900m","memory":"3840Mi","pods":"110"},
                  "conditions":[{"type":"Ready","status":"True"}]}}"""
                .formatted(name, name, labels.isEmpty() ? "" : "," + labels, unschedulable, taints);
    }

    public static String pod(String ns, String name, String node, String phase, String owner, String cpu) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","labels":{"app":"%s"},
                  "ownerReferences":[{"apiVersion":"v1","kind":"%s","name":"o","uid":"u","controller":true}]},
                 "spec":{%s"containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":"%s","memory":"256Mi"}}}]},
                 "status":{"phase":"%s"}}"""
                .formatted(name, ns, name, owner, node == null ? "" : "\"nodeName\":\"" + node + "\",", cpu, phase);
    }
}
