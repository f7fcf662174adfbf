package com.vpsie.autoscaler.scenario;

import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.port.ClusterView;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.SerdeRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streamed reading (each object decoded where it stands in the body, a List item once its kind
 * is read, or from a copy when a nested field comes first) gives the planner the same view as
 * decoding the whole body at once, whatever order the fields and items come in, with only the
 * unread annotations gone. Seeded; the seed is in every failure message.
 */
class ScenarioStreamPropertiesTest {
    private static final int CASES = 300;
    private static ApplicationContext context;
    private static ScenarioStream stream;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        stream = new ScenarioStream(context.getBean(SerdeRegistry.class));
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void aScenarioAndTheSameObjectsAsAKubectlListReadAsTheWholeBodyDoes() throws IOException {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int c = 0; c < CASES; c++) {
            List<String> pods = new ArrayList<>();
            List<String> nodes = new ArrayList<>();
            List<Field> otherKind = List.of(new Field("metadata", "{\"name\":\"x\"}"), new Field("data", "{\"a\":[1,{\"b\":2}]}"));
            List<String> items = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                List<Field> node = node(r, "n" + i);
                nodes.add(object(node));
                items.add(withKind(r, "Node", node));
            }
            int p = r.nextInt(6);
            for (int i = 0; i < p; i++) {
                List<Field> pod = pod(r, "p" + i, n);
                pods.add(object(pod));
                items.add(withKind(r, "Pod", pod));
            }
            for (int i = r.nextInt(3); i > 0; i--) {
                items.add(withKind(r, r.nextBoolean() ? "Service" : "ConfigMap", otherKind));
            }
            // Nodes before pods, as kubectl get nodes,pods prints them; other kinds anywhere.
            List<String> others = items.subList(n + p, items.size());
            List<String> list = new ArrayList<>(items.subList(0, n + p));
            for (String o : others) {
                list.add(r.nextInt(list.size() + 1), o);
            }
            String scenario = "{\"nodes\":[" + String.join(",", nodes) + "],\"pods\":[" + String.join(",", pods) + "]}";
            String kubectl = "{\"apiVersion\":\"v1\",\"items\":[" + String.join(",", list) + "],\"kind\":\"List\"}";

            ClusterView expected = trimmed(json.readValue(scenario, Argument.of(Scenario.class)).view());
            String why = "seed " + seed + ", case " + c + ":\n" + kubectl;
            ScenarioStream.Read asScenario = read(scenario);
            assertThat(asScenario.view().pods()).as(why).isEqualTo(expected.pods());
            assertThat(asScenario.view().nodes()).as(why).isEqualTo(expected.nodes());
            ScenarioStream.Read asList = read(kubectl);
            assertThat(asList.view().pods()).as(why).isEqualTo(expected.pods());
            assertThat(asList.view().nodes()).as(why).isEqualTo(expected.nodes());
            assertThat(asList.itemsLeftOut()).as(why).isEqualTo(others.size());
        }
    }

    private static ScenarioStream.Read read(String body) throws IOException {
        return stream.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 1 << 24);
    }

    /** The whole-body view with only the annotations a rule reads, as the stream keeps them. */
    private static ClusterView trimmed(ClusterView v) {
        List<Pod> pods = v.pods().stream().map(p -> p.withAnnotations(kept(p.annotations()))).toList();
        List<Node> nodes = v.nodes().stream().map(n -> n.withAnnotations(kept(n.annotations()))).toList();
        return new ClusterView(nodes, pods, v.nodeGroups(), v.pdbs(), v.daemonSets(), v.gated());
    }

    private static Map<String, String> kept(Map<String, String> annotations) {
        return annotations.entrySet().stream().filter(e -> e.getKey().startsWith("cluster-autoscaler.kubernetes.io/")
                || e.getKey().startsWith("autoscaler.vpsie.com/")).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** One field of an object: its name and its value as JSON. */
    private record Field(String name, String json) {
    }

    /** The object with apiVersion and kind among its fields: first as kubectl prints them, or anywhere. */
    private static String withKind(Random r, String kind, List<Field> fields) {
        List<Field> all = new ArrayList<>(fields);
        int at = r.nextInt(3) == 0 ? r.nextInt(all.size() + 1) : 0;
        all.add(at, new Field("kind", "\"" + kind + "\""));
        all.add(r.nextInt(at + 1), new Field("apiVersion", "\"v1\""));
        return object(all);
    }

    private static List<Field> pod(Random r, String name, int nodes) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("name", "\"" + name + "\"");
        meta.put("namespace", "\"ns" + r.nextInt(2) + "\"");
        meta.put("labels", "{\"app\":\"a" + r.nextInt(3) + "\",\"tier\":\"web\"}");
        meta.put("annotations", annotations(r));
        if (r.nextBoolean()) {
            meta.put("managedFields", "[{\"manager\":\"kubectl\",\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{}}}}]");
        }
        meta.put("ownerReferences", "[{\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"controller\":true}]");
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("containers", "[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"" + (1 + r.nextInt(900)) + "m\",\"memory\":\""
                + (1 + r.nextInt(512)) + "Mi\"}},\"ports\":[{\"containerPort\":8080}]}]");
        if (r.nextBoolean()) {
            spec.put("tolerations", "[{\"key\":\"k\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]");
        }
        if (r.nextBoolean()) {
            spec.put("nodeSelector", "{\"disk\":\"ssd\"}");
        }
        boolean bound = nodes > 0 && r.nextBoolean();
        if (bound) {
            spec.put("nodeName", "\"n" + r.nextInt(nodes) + "\"");
        }
        Map<String, String> status = new LinkedHashMap<>();
        status.put("phase", bound ? "\"Running\"" : "\"Pending\"");
        status.put("conditions", "[{\"type\":\"PodScheduled\",\"status\":\"False\"}]");
        if (!bound && r.nextBoolean()) {
            status.put("nominatedNodeName", "\"n0\"");
        }
        Map<String, String> pod = new LinkedHashMap<>();
        pod.put("metadata", object(shuffled(r, meta)));
        pod.put("spec", object(shuffled(r, spec)));
        pod.put("status", object(shuffled(r, status)));
        if (r.nextBoolean()) {
            pod.put("unknownTopLevel", "{\"deep\":[1,2,{\"x\":null}]}");
        }
        return shuffled(r, pod);
    }

    private static List<Field> node(Random r, String name) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("name", "\"" + name + "\"");
        meta.put("labels", "{\"kubernetes.io/hostname\":\"" + name + "\",\"autoscaler.vpsie.com/nodegroup\":\"general\"}");
        meta.put("annotations", annotations(r));
        Map<String, String> status = new LinkedHashMap<>();
        status.put(r.nextBoolean() ? "allocatable" : "capacity", "{\"cpu\":\"" + (1 + r.nextInt(8)) + "\",\"memory\":\"8Gi\",\"pods\":\"110\"}");
        status.put("conditions", "[{\"type\":\"Ready\",\"status\":\"" + (r.nextInt(4) == 0 ? "False" : "True") + "\"}]");
        status.put("images", "[{\"names\":[\"registry/app:1\"],\"sizeBytes\":123}]");
        Map<String, String> node = new LinkedHashMap<>();
        node.put("metadata", object(shuffled(r, meta)));
        if (r.nextBoolean()) {
            node.put("spec", "{\"unschedulable\":" + r.nextBoolean() + ",\"taints\":[{\"key\":\"t\",\"effect\":\"NoSchedule\"}]}");
        }
        node.put("status", object(shuffled(r, status)));
        return shuffled(r, node);
    }

    private static String annotations(Random r) {
        List<String> a = new ArrayList<>();
        if (r.nextBoolean()) {
            a.add("\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"Pod\\\"}\"");
        }
        if (r.nextBoolean()) {
            a.add("\"cluster-autoscaler.kubernetes.io/safe-to-evict\":\"" + r.nextBoolean() + "\"");
        }
        if (r.nextBoolean()) {
            a.add("\"autoscaler.vpsie.com/note\":\"n\"");
        }
        return "{" + String.join(",", a) + "}";
    }

    private static List<Field> shuffled(Random r, Map<String, String> fields) {
        List<Field> out = new ArrayList<>();
        fields.forEach((name, json) -> out.add(new Field(name, json)));
        Collections.shuffle(out, r);
        return out;
    }

    private static String object(List<Field> fields) {
        return fields.stream().map(f -> "\"" + f.name() + "\":" + f.json()).collect(Collectors.joining(",", "{", "}"));
    }
}
