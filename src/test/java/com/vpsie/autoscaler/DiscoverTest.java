package com.vpsie.autoscaler;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.infra.Chart;
import com.vpsie.autoscaler.reconcile.SpecRules;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vpsie-autoscaler discover} against the sandbox's VPSie simulator: it lists the account's
 * cluster and its group, prints NodeGroups that name the simulator's ids and pass the CRD's rules,
 * Helm values the chart renders into the same NodeGroups, the exact label command for the one
 * group's worker, and one line and a non-zero status for a wrong cluster or wrong credentials.
 */
@MicronautTest(environments = "sandbox")
@Property(name = "sandbox.export-events", value = "false")
class DiscoverTest {
    @Inject
    EmbeddedServer server;

    private record Ran(int status, String out, String err) {
    }

    private Ran discover(Map<String, Object> overrides, String... args) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of("vpsie.base-url", server.getURL() + "/sandbox/vpsie",
                "vpsie.client-id", "sandbox-client", "vpsie.client-secret", "sandbox-secret", "vpsie.retry-base-delay", "5ms"));
        props.putAll(overrides);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "discover";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Discover.run(all, props, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listsTheClustersAndTheirGroups() {
        Ran r = discover(Map.of());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("cluster sandbox-cluster").contains("node group general").contains("id 11").contains("$0.0278/h")
                .contains("discover --cluster sandbox-cluster");
    }

    @Test
    void printsNodeGroupsThatNameTheSimulatorsIdsAndPassTheCrdRules() {
        Ran r = discover(Map.of(), "--cluster", "sandbox-cluster");
        assertThat(r.status()).as(r.err()).isZero();
        List<Map<String, Object>> docs = Chart.documents(r.out());
        assertThat(docs).hasSize(1);
        Map<String, Object> ng = docs.get(0);
        assertThat(ng).containsEntry("kind", "NodeGroup").containsEntry("apiVersion", "autoscaler.vpsie.com/v1alpha1");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) ng.get("spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> vpsie = (Map<String, Object>) spec.get("vpsie");
        assertThat(vpsie).containsEntry("clusterId", "sandbox-cluster").containsEntry("nodeGroupId", 11);
        assertThat(spec).containsEntry("minNodes", 1);
        NodeGroup.Spec read = new NodeGroup.Spec((Integer) spec.get("minNodes"), (Integer) spec.get("maxNodes"),
                new NodeGroup.VpsieRef("sandbox-cluster", 11L), null, null, null, null, null, null, null, null, null, null);
        assertThat(SpecRules.problem(read)).isEmpty();
        assertThat(r.out()).contains("kubectl label node general-0001 autoscaler.vpsie.com/nodegroup=general");
        assertThat(discover(Map.of(), "--cluster", "SANDBOX-CLUSTER").out()).as("by name too, without case").isEqualTo(r.out());
    }

    @Test
    void printsHelmValuesTheChartRendersIntoTheSameNodeGroups() throws Exception {
        Ran r = discover(Map.of(), "--cluster", "sandbox-cluster", "--output", "values");
        assertThat(r.status()).as(r.err()).isZero();
        Path values = Files.createTempFile("discover", ".yaml");
        Files.writeString(values, r.out());
        String rendered = new com.marcnuri.helm.Helm(Chart.DIR).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .set("vpsie.token", "t").withValuesFile(values).call();
        Map<String, Object> ng = Chart.documents(rendered).stream().filter(d -> "NodeGroup".equals(d.get("kind"))).findFirst().orElseThrow();
        assertThat(ng.toString()).contains("name=general").contains("nodeGroupId=11").contains("clusterId=sandbox-cluster");
    }

    @Test
    void aWrongClusterOrWrongCredentialsIsOneLineAndANonZeroStatus() {
        Ran unknown = discover(Map.of(), "--cluster", "nope");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err().strip().lines()).singleElement().asString().contains("no cluster 'nope'").contains("sandbox-cluster");

        Ran refused = discover(Map.of("vpsie.client-secret", "wrong"));
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err().strip().lines()).singleElement().asString().contains("login refused").doesNotContain("wrong");

        Ran usage = discover(Map.of(), "--bogus");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("expected --cluster, --output or --namespace, got '--bogus'");
    }
}
