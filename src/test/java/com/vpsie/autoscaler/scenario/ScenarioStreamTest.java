package com.vpsie.autoscaler.scenario;

import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.PodPhase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.SerdeRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenarios and kubectl dumps read one object at a time, keeping only what the planner reads. */
class ScenarioStreamTest {
    private static ApplicationContext context;
    private static ScenarioStream stream;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        stream = new ScenarioStream(context.getBean(SerdeRegistry.class));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static ScenarioStream.Read read(String body) throws IOException {
        return stream.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 1 << 20);
    }

    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop",
              "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{...huge...}",
                             "cluster-autoscaler.kubernetes.io/safe-to-evict":"false","team":"a"},
              "managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{}}}]},
             "spec":{"containers":[{"name":"app","resources":{"requests":{"cpu":"250m"}}}]},
             "status":{"phase":"Pending","containerStatuses":[{"name":"app","ready":false}]}}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a List, kind first | {\"items\":[{\"kind\":\"Pod\",%s},{\"kind\":\"Node\",%s}],\"kind\":\"List\"}",
            "a List, kind after the status | {\"items\":[{%s,\"kind\":\"Pod\"},{%s,\"kind\":\"Node\"}],\"kind\":\"List\"}",
            "a scenario | {\"pods\":[{%s}],\"nodes\":[{%s}]}"})
    void aStatusKeepsWhatThePlannerReadsWhereverTheKindIs(String shape, String template) throws IOException {
        String pod = """
                "metadata":{"name":"web-1","namespace":"shop"},"spec":{"containers":[]},
                "status":{"conditions":[{"type":"PodScheduled","status":"False"}],"phase":"Pending","nominatedNodeName":"n1",
                 "containerStatuses":[{"name":"app","ready":false,"state":{"waiting":{}}}],"qosClass":"Burstable"}""";
        String node = """
                "metadata":{"name":"n1"},
                "status":{"images":[{"names":["a"],"sizeBytes":1}],"capacity":{"cpu":"4"},"allocatable":{"cpu":"3900m","pods":"110"},
                 "addresses":[{"type":"InternalIP","address":"10.0.0.1"}],"conditions":[{"type":"Ready","status":"True"}]}""";
        ScenarioStream.Read r = read(template.formatted(pod, node));

        Pod p = r.view().pods().get(0);
        assertThat(p.phase()).isEqualTo(PodPhase.PENDING);
        assertThat(p.nominatedNodeName()).isEqualTo("n1");
        Node n = r.view().nodes().get(0);
        assertThat(n.allocatable().milliCpu()).isEqualTo(3900);
        assertThat(n.allocatable().pods()).isEqualTo(110);
        assertThat(n.ready()).isTrue();
    }

    @Test
    void aKubectlListKeepsOnlyTheAnnotationsRulesReadAndCountsOtherKinds() throws IOException {
        ScenarioStream.Read r = read("""
                {"apiVersion":"v1","items":[%s,
                  {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"}},
                  {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","managedFields":[{"manager":"kubelet"}]},
                   "status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},"images":[{"names":["a"]}]}}],
                 "kind":"List","metadata":{"resourceVersion":""}}""".formatted(POD));

        assertThat(r.kubectlList()).isTrue();
        assertThat(r.itemsLeftOut()).as("the Service").isEqualTo(1);
        assertThat(r.view().nodes()).extracting(Node::name).containsExactly("n1");
        Pod pod = r.view().pods().get(0);
        assertThat(pod.key()).isEqualTo("shop/web-1");
        assertThat(pod.annotations()).containsExactly(Map.entry("cluster-autoscaler.kubernetes.io/safe-to-evict", "false"));
    }

    @Test
    void aListItemIsDecodedWhereverItsKindIsAndTheItemsAfterItStillRead() throws IOException {
        ScenarioStream.Read r = read("""
                {"kind":"List","items":[
                  {"metadata":{"name":"cfg"},"data":{"a":"b"},"kind":"ConfigMap"},
                  {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"k":"v"},"type":"Opaque"},
                  {"spec":{"containers":[]},"kind":"Pod","metadata":{"name":"late","namespace":"a"}},
                  {"apiVersion":"v1","metadata":{"name":"no-kind"}},
                  {"apiVersion":"v1","kind":"Pod","metadata":{"name":"early","namespace":"b"},"spec":{"containers":[]}}]}""");

        assertThat(r.view().pods()).extracting(Pod::key).containsExactly("a/late", "b/early");
        assertThat(r.itemsLeftOut()).as("the ConfigMap, the Secret and the object with no kind").isEqualTo(3);
    }

    @Test
    void aBadObjectIsNamedByItsPlaceInTheBodyNotAmongThoseKept() {
        String gated = """
                {"metadata":{"name":"gated"},"spec":{"schedulingGates":[{"name":"wait"}],"containers":[]}}""";
        String bad = """
                {"metadata":{"name":"bad"},"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"lots"}}}]}}""";
        assertThatThrownBy(() -> read("{\"pods\":[" + gated + "," + bad + "]}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pods[1]: pod default/bad container c resources.requests: cpu: 'lots' is not a Kubernetes quantity");
        assertThatThrownBy(() -> read("{\"items\":[{\"kind\":\"Service\"},{\"kind\":\"Pod\"," + bad.substring(1) + "]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("items[1]: pod default/bad");
    }

    @Test
    void aScenarioReadsAsBeforeAndIsNoKubectlList() throws IOException {
        ScenarioStream.Read r = read("""
                {"clusterId":"c1","nodes":[],"pods":[%s],"sizes":[{"id":1,"cpu":4,"ram":8192,"hourly":0.1}],"futureField":{"a":[1,2]}}"""
                .formatted(POD));
        assertThat(r.kubectlList()).isFalse();
        assertThat(r.vpsie().clusterId()).isEqualTo("c1");
        assertThat(r.vpsie().sizes()).hasSize(1);
        assertThat(r.view().pods()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an array                | [1,2]                                  | body: expected a JSON object (a scenario, or the List kubectl prints), got an array
            nothing                 |                                        | body: expected a JSON object (a scenario, or the List kubectl prints), got nothing
            pods not an array       | {"pods":{"a":1}}                       | pods: expected an array, got an object
            a pod that is a number  | {"pods":[{"metadata":{"name":"a"}}, 7]} | pods[1]: expected an object, got a number
            a key twice             | {"pods":[],"pods":[]}                  | body: not valid JSON at offset
            two objects             | {"pods":[]} {"pods":[]}                | body: expected one JSON object, got more after it
            clusterId a number      | {"clusterId":5}                        | clusterId: expected a string, got a number
            a pod of the wrong shape| {"pods":[{"spec":{"containers":"x"}}]} | pods[0]: not a valid Pod
            cut off mid-way         | {"pods":[{"metadata":{"name":"a"      | body: not valid JSON at offset
            """)
    void aBadBodyIsRefusedNamingWhere(String what, String body, String message) {
        assertThatThrownBy(() -> read(body == null ? "" : body)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    /** Where the body broke is said once, as a byte offset, without the parser's own "[Source: REDACTED ...]". */
    @Test
    void aBodyCutOffSaysWhereWithoutTheParsersSourceNote() {
        assertThatThrownBy(() -> read("{\"pods\":[{\"metadata\":{\"name\":\"a\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("body: not valid JSON at offset 32: Unexpected end-of-input: expected close marker for Object");
    }

    /** No stored Kubernetes object is near 16 MiB; one that is would be held whole while decoded, so it is refused, kind read or not. */
    @Test
    void anObjectLargerThanAnyTheApiServerStoresIsRefusedNamingWhere() {
        String huge = "x".repeat((int) ScenarioStream.MAX_OBJECT + (64 << 10));  // past the parser's read-ahead
        String pod = "{\"metadata\":{\"name\":\"a\",\"annotations\":{\"k\":\"" + huge + "\"}}}";
        assertThatThrownBy(() -> stream.read(new ByteArrayInputStream(("{\"pods\":[{\"metadata\":{\"name\":\"b\"}}," + pod + "]}")
                .getBytes(StandardCharsets.UTF_8)), 1L << 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pods[1]: expected an object of at most 16 MiB (the API server stores none over 3 MB), got more");
        assertThatThrownBy(() -> stream.read(new ByteArrayInputStream(("{\"items\":[{\"kind\":\"ConfigMap\",\"data\":{\"k\":\"" + huge + "\"}}]}")
                .getBytes(StandardCharsets.UTF_8)), 1L << 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("items[0]: expected an object of at most 16 MiB");
    }

    /** An endless body: reading stops at the limit, so it costs at most the limit. */
    @Test
    void aBodyOverTheLimitStopsBeingReadAtTheLimit() {
        byte[] pod = (POD + ",").getBytes(StandardCharsets.UTF_8);
        long[] served = {0};
        InputStream endless = new InputStream() {
            private final byte[] open = "{\"pods\":[".getBytes(StandardCharsets.UTF_8);

            @Override
            public int read() {
                long at = served[0]++;
                return at < open.length ? open[(int) at] : pod[(int) ((at - open.length) % pod.length)];
            }
        };
        assertThatThrownBy(() -> stream.read(endless, 100_000)).isInstanceOf(ScenarioStream.TooLarge.class)
                .hasMessageContaining("at most 100000");
        assertThat(served[0]).as("bytes handed out before it stopped").isLessThan(200_000);
    }

    /**
     * Every pod's labels stay in the view until the plan: a body of pods with unique giant labels is
     * refused once what they would keep passes the limit, not read on until the heap is full.
     */
    @Test
    void aBodyThatWouldKeepMoreThanItsShareIsRefused() throws IOException {
        StringBuilder body = new StringBuilder("{\"pods\":[");
        for (int i = 0; i < 50; i++) {
            body.append(i == 0 ? "" : ",").append("{\"metadata\":{\"name\":\"p").append(i).append("\",\"labels\":{\"big\":\"")
                    .append(String.valueOf((char) ('a' + i % 26)).repeat(10_000)).append("\"}}}");
        }
        byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> stream.read(new ByteArrayInputStream(bytes), 1 << 20, 100_000)).isInstanceOf(ScenarioStream.TooLarge.class)
                .hasMessageStartingWith("body: its objects' names, labels, annotations, selectors and tolerations would take more than 100000 bytes of memory")
                .hasMessageContaining("autoscaler.plan.max-kept-share");
        assertThat(stream.read(new ByteArrayInputStream(bytes), 1 << 20, 1_000_000).view().pods()).as("within a larger share").hasSize(50);
    }

    /** Objects the view keeps nearly whole (VPSie sizes, NodeGroups) count by their bytes in the body, eight times over. */
    @Test
    void sizesAndNodeGroupsCountTowardsTheShareToo() throws IOException {
        StringBuilder body = new StringBuilder("{\"sizes\":[");
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"").append("s".repeat(120))
                    .append("\",\"cpu\":2,\"ram\":4096,\"disk\":80,\"price\":20}");
        }
        byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length * (long) KeptText.WHOLE).as("the body, counted whole").isBetween(100_000L, 1_000_000L);

        assertThatThrownBy(() -> stream.read(new ByteArrayInputStream(bytes), 1 << 20, 100_000)).isInstanceOf(ScenarioStream.TooLarge.class)
                .hasMessageContaining("autoscaler.plan.max-kept-share");
        assertThat(stream.read(new ByteArrayInputStream(bytes), 1 << 20, 1_000_000).vpsie().sizes()).hasSize(100);

        String groups = "{\"items\":[" + String.join(",", java.util.stream.IntStream.range(0, 20).mapToObj(i ->
                "{\"apiVersion\":\"autoscaler.vpsie.com/v1alpha1\",\"kind\":\"NodeGroup\",\"metadata\":{\"name\":\"g" + i + "\",\"namespace\":\"x\","
                        + "\"annotations\":{\"note\":\"" + "n".repeat(5_000) + "\"}},\"spec\":{\"minNodes\":0,\"maxNodes\":3}}").toList()) + "]}";
        assertThatThrownBy(() -> stream.read(new ByteArrayInputStream(groups.getBytes(StandardCharsets.UTF_8)), 1 << 20, 100_000))
                .isInstanceOf(ScenarioStream.TooLarge.class);
    }
}
