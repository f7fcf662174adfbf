package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy;
import com.vpsie.autoscaler.capacity.ClusterLimits;
import com.vpsie.autoscaler.cluster.KubeObjects;
import com.vpsie.autoscaler.cluster.KubeTranslation;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The AutoscalerPolicy's limits as the planner reads them: the example, each bad value naming its field, and none without a policy. */
@MicronautTest(startApplication = false)
class PolicyRulesTest {
    @Inject
    JsonMapper json;

    @Test
    void theExampleIsValidAndReadsAsWritten() throws IOException {
        try (Reader in = Files.newBufferedReader(Path.of("infra/examples/policy/default.yaml"))) {
            Object doc = new Yaml().load(in);
            AutoscalerPolicy p = KubeTranslation.policy(json.readValue(json.writeValueAsBytes(doc), KubeObjects.PolicyObject.class));
            assertThat(p.name()).isEqualTo(AutoscalerPolicy.NAME);
            ClusterLimits l = PolicyRules.limits(p);
            assertThat(l.refused()).isNull();
            assertThat(l.nodes()).isEqualTo(40);
            assertThat(l.milliCpu()).isEqualTo(160_000);
            assertThat(l.memoryBytes()).isEqualTo(320L << 30);
            assertThat(l.hourly()).isEqualTo(4.0);
        }
        String crd = Files.readString(Path.of("charts/vpsie-autoscaler/crds/autoscalerpolicy.yaml"));
        assertThat(crd).contains("kind: AutoscalerPolicy").contains("nodes:").contains("cores:").contains("memory:").contains("hourlyPrice:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"nodes\":0}                | spec.limits.nodes: expected a number from 1 to 5000 (leave it out for no limit), got 0",
            "{\"cores\":-1}               | spec.limits.cores: expected a number from 1",
            "{\"memory\":\"lots\"}        | spec.limits.memory: expected a quantity above 0 and below 2^63 bytes such as 512Gi, got 'lots'",
            "{\"memory\":\"0\"}           | spec.limits.memory: expected a quantity above 0",
            "{\"memory\":\"8Ei\"}         | spec.limits.memory: expected a quantity above 0 and below 2^63 bytes such as 512Gi, got '8Ei'",
            "{\"memory\":\"1e9999999\"}   | spec.limits.memory: expected a quantity above 0 and below 2^63 bytes",
            "{\"hourlyPrice\":0}          | spec.limits.hourlyPrice: expected dollars per hour above 0 and at most 1000000, got 0.0",
            "{\"hourlyPrice\":1e300}      | spec.limits.hourlyPrice: expected dollars per hour above 0"})
    void aBadLimitStopsScaleUpsNamingItsField(String limits, String says) throws IOException {
        AutoscalerPolicy.Limits l = json.readValue(limits, AutoscalerPolicy.Limits.class);
        ClusterLimits read = PolicyRules.limits(new AutoscalerPolicy("default", "ns", "1", new AutoscalerPolicy.Spec(l)));
        assertThat(read.refused()).contains(says);
        assertThat(read.any()).as("a broken policy limits everything").isTrue();
    }

    @Test
    void noPolicyOrNoLimitsIsNoLimit() {
        assertThat(PolicyRules.limits(null).any()).isFalse();
        assertThat(PolicyRules.limits(new AutoscalerPolicy("default", "ns", "1", new AutoscalerPolicy.Spec(null))).any()).isFalse();
    }
}
