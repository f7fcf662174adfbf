package com.vpsie.autoscaler.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code make bench}: the Cluster Autoscaler's scalability burst through the public API —
 * {@code POST /v1/plan} with 30,000 pending pods as {@code kubectl get -o json} prints them (JSON
 * parsing, translation and planning included), expecting 1,000 new nodes of 30 pods.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlanEndpointBenchmark {
    private EmbeddedServer server;
    private HttpClient http;
    private byte[] scenario;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1), "sandbox");
        http = HttpClient.newHttpClient();
        scenario = burstScenario(30_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String answer = post();
        if (!answer.contains("\"scaleUp\":1000")) {
            throw new IllegalStateException("expected 1000 new nodes, got " + answer.substring(0, Math.min(600, answer.length())));
        }
        System.out.printf("%n[plan endpoint] scenario %d KiB; answer has scaleUp 1000%n", scenario.length / 1024);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    public String post30000PendingPods() throws Exception {
        return post();
    }

    private String post() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort() + "/v1/plan"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sandbox")
                .POST(HttpRequest.BodyPublishers.ofByteArray(scenario)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** One VPSie group of 16 CPU / 32 GB, up to 1,000 nodes; pods of 520m / 1Gi: 30 to a node. */
    static String burstScenario(int pods) {
        StringBuilder b = new StringBuilder(pods * 200);
        b.append("""
                {"clusterId":"bench",
                 "vpsieNodeGroups":[{"id":1,"group_name":"burst","boxsize_id":1,"cpu":16,"ram":32768,"ssd":200,"nodes_count":0}],
                 "nodeGroups":[{"metadata":{"name":"burst"},"spec":{"minNodes":0,"maxNodes":1000,
                   "vpsie":{"clusterId":"bench","nodeGroupId":1},"scaleUp":{"maxNodesPerStep":1000}}}],
                 "nodes":[],
                 "pods":[""");
        for (int i = 0; i < pods; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"metadata\":{\"name\":\"burst-").append(i).append("\",\"namespace\":\"load\",\"labels\":{\"app\":\"burst\"},")
                    .append("\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"burst\",\"controller\":true}]},")
                    .append("\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"520m\",\"memory\":\"1Gi\"}}}]},")
                    .append("\"status\":{\"phase\":\"Pending\"}}");
        }
        return b.append("]}").toString();
    }
}
