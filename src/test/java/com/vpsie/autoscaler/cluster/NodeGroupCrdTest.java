package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.reconcile.SpecRules;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRD against the code that reads and writes NodeGroups. An API server prunes fields a
 * structural schema does not declare, so a status field missing from the schema would be dropped
 * silently on every write, and the next instance would not know what is in flight.
 */
@MicronautTest(environments = "sandbox", startApplication = false)
class NodeGroupCrdTest {
    @Inject
    JsonMapper json;

    @Test
    void theSchemaDeclaresEveryFieldOfSpecAndStatus() throws IOException {
        Map<String, Object> schema = schema();
        List<String> missing = new ArrayList<>();
        walk(NodeGroup.Spec.class, property(schema, "spec"), "spec", missing);
        walk(NodeGroup.Status.class, property(schema, "status"), "status", missing);
        assertThat(missing).as("fields the code uses but the CRD would prune").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchemaHasTheValidationAndColumnsUsersNeed() throws IOException {
        Map<String, Object> version = version();
        Map<String, Object> spec = property(schema(), "spec");
        assertThat(property(spec, "minNodes")).containsEntry("minimum", 0);
        assertThat(property(spec, "maxNodes")).containsEntry("minimum", 1);
        assertThat(spec.get("x-kubernetes-validations").toString()).contains("self.maxNodes >= self.minNodes");
        assertThat(property(property(spec, "scaleDown"), "unneededTime")).containsEntry("type", "string");
        assertThat((Map<String, Object>) version.get("subresources")).containsKey("status");
        assertThat(((List<Map<String, Object>>) version.get("additionalPrinterColumns"))).extracting(c -> c.get("name"))
                .containsExactly("Min", "Max", "Current", "Ready", "Desired", "Schedule", "Headroom", "Replacing", "Why", "Unhealthy", "Drifted", "Age");
        assertThat(property(property(spec, "drift"), "enabled")).containsEntry("type", "boolean");
        assertThat(property(spec, "expireAfter")).containsEntry("type", "string");
        assertThat(property(property(spec, "disruption"), "forceAfter")).containsEntry("type", "string");
        assertThat(property(property(property(spec, "scaleDown"), "consolidation"), "minSavingsPercent")).containsEntry("maximum", 100)
                .containsEntry("default", 20);
    }

    @Test
    void everyExampleIsAValidNodeGroup() throws IOException {
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("infra/examples"), "*.yaml")) {
            for (Path f : files) {
                try (Reader in = Files.newBufferedReader(f)) {
                    Object doc = new Yaml().load(in);
                    KubeObjects.NodeGroupObject o = json.readValue(json.writeValueAsBytes(doc), KubeObjects.NodeGroupObject.class);
                    NodeGroup g = KubeTranslation.nodeGroup(o);
                    assertThat(g.spec().min()).as(f + " minNodes").isGreaterThanOrEqualTo(0);
                    assertThat(g.spec().max()).as(f + " maxNodes").isGreaterThanOrEqualTo(Math.max(1, g.spec().min()));
                    assertThat(g.spec().vpsie()).as(f + " spec.vpsie").isNotNull();
                    assertThat(SpecRules.problem(g.spec())).as(f + ": every rule the reconcile checks").isEmpty();
                    count++;
                }
            }
        }
        assertThat(count).isGreaterThanOrEqualTo(2);
    }

    /** Each record component must be a property of the schema, recursively through records, lists and maps. */
    @SuppressWarnings("unchecked")
    private static void walk(Class<?> type, Map<String, Object> schema, String at, List<String> missing) {
        Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        for (RecordComponent c : type.getRecordComponents()) {
            Map<String, Object> p = (Map<String, Object>) props.get(c.getName());
            if (p == null) {
                missing.add(at + "." + c.getName());
                continue;
            }
            descend(c.getGenericType(), p, at + "." + c.getName(), missing);
        }
    }

    @SuppressWarnings("unchecked")
    private static void descend(Type t, Map<String, Object> schema, String at, List<String> missing) {
        if (t instanceof Class<?> k && k.isRecord()) {
            walk(k, schema, at, missing);
        } else if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
            descend(pt.getActualTypeArguments()[0], (Map<String, Object>) schema.get("items"), at + "[]", missing);
        } else if (t instanceof ParameterizedType pt && pt.getRawType() == Map.class) {
            Object values = schema.get("additionalProperties");
            if (!(values instanceof Map)) {
                missing.add(at + "{} (no additionalProperties)");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> schema, String name) {
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get(name);
        assertThat(p).as("property " + name).isNotNull();
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema() throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) version().get("schema")).get("openAPIV3Schema");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> version() throws IOException {
        try (Reader in = Files.newBufferedReader(Path.of("charts/vpsie-autoscaler/crds/nodegroup.yaml"))) {
            Map<String, Object> crd = new Yaml().load(in);
            return ((List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions")).get(0);
        }
    }
}
