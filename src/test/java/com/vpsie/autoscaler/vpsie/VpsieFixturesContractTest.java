package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.port.VpsiePort;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against VPSie's response shapes as VPSie's own code reads them
 * ({@code src/test/resources/fixtures/vpsie}, copied from the project's shared fixtures): a stub
 * that serves those files as they are, and records what the client sent.
 */
class VpsieFixturesContractTest {
    private static final String CLUSTER = "9f1c2a7e-5b1d-4c39-a1f0-6c2b8d0e4a11";

    private HttpServer stub;
    private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    private volatile String clusterFile = "cluster-by-id.json";
    private volatile boolean added;
    private volatile String addFile = "add-worker-true.json";

    @BeforeEach
    void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", this::serve);
        stub.start();
    }

    @AfterEach
    void stop() {
        stub.stop(0);
    }

    private void serve(HttpExchange x) throws IOException {
        Map<String, String> request = new HashMap<>();
        request.put("method", x.getRequestMethod());
        request.put("path", x.getRequestURI().getPath());
        x.getRequestHeaders().forEach((k, v) -> request.put(k.toLowerCase(), String.join(",", v)));
        request.put("body", new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        seen.add(request);
        String path = x.getRequestURI().getPath();
        int status = 200;
        String body;
        if (path.endsWith("/auth/from/api")) {
            // The fixture's expiry is in the past by now; a token valid for an hour is what login gives.
            body = fixture("login-form-answer.json").replace("2026-11-29T16:00:00Z", java.time.Instant.now().plusSeconds(3600).toString());
        } else if (path.equals("/k8s/cluster/byId/" + CLUSTER)) {
            body = fixture(clusterFile);
            if (clusterFile.equals("cluster-by-id.json") && !added) {
                // Before the add: the worker being created is not listed yet.
                body = body.replaceAll(",\\s*\\{[^{}]*prod-fra-general-new1[^{}]*\\}", "");
            }
        } else if (path.equals("/k8s/node/groups/byClusterId/" + CLUSTER)) {
            body = fixture("node-groups.json");
        } else if (path.equals("/k8s/cluster/byId/" + CLUSTER + "/add/slave/group/11")) {
            added = true;
            body = fixture(addFile);
        } else if (path.equals("/k8s/cluster/byId/" + CLUSTER + "/delete/slave")) {
            String http = fixture("delete-slave-not-found.http");
            status = 404;
            body = http.substring(http.indexOf("\n\n") + 2);
        } else {
            status = 404;
            body = "{\"error\":true,\"code\":404,\"message\":\"no such route in the stub\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = VpsieFixturesContractTest.class.getResourceAsStream("/fixtures/vpsie/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private ApplicationContext client(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(Map.of("vpsie.base-url", "http://127.0.0.1:" + stub.getAddress().getPort(),
                "vpsie.retry-base-delay", "5ms", "micronaut.server.port", -1));
        p.putAll(extra);
        return ApplicationContext.run(p);
    }

    @Test
    void aLoginTokenTravelsAsBearerAfterAFormLoginAndBothNodeShapesAreRead() {
        try (ApplicationContext c = client(Map.of("vpsie.client-id", "id-1", "vpsie.client-secret", "s3cret"))) {
            VpsiePort vpsie = c.getBean(VpsiePort.class);
            List<VpsiePort.VpsieNode> nodes = vpsie.clusterNodes(CLUSTER);

            Map<String, String> login = seen.get(0);
            assertThat(login.get("path")).isEqualTo("/auth/from/api");
            assertThat(login.get("content-type")).startsWith("application/x-www-form-urlencoded");
            assertThat(login.get("body")).isEqualTo("clientId=id-1&clientSecret=s3cret");
            Map<String, String> call = seen.get(1);
            assertThat(call.get("authorization")).isEqualTo("Bearer eyJhbGciOi...redacted");
            assertThat(call).doesNotContainKey("vpsie-auth");

            assertThat(nodes).hasSize(4);
            assertThat(nodes).filteredOn(VpsiePort.VpsieNode::master).singleElement()
                    .satisfies(m -> assertThat(m.hostname()).isEqualTo("prod-fra-master-1"));
            assertThat(VpsiePort.workerNamed(nodes, "prod-fra-general-7hk2")).as("hostnames compared without case").get()
                    .satisfies(w -> assertThat(w.identifier()).isEqualTo("0c7b9e44-8f2d-4d7e-b1c3-7e9a2f6d4b12"));
            assertThat(VpsiePort.workerNamed(nodes, "prod-fra-master-1")).as("a master is never a worker").isEmpty();

            clusterFile = "cluster-by-id.govpsie-shape.json";
            List<VpsiePort.VpsieNode> govpsie = vpsie.clusterNodes(CLUSTER);
            assertThat(govpsie).extracting(VpsiePort.VpsieNode::identifier).as("the numeric id stands in for the identifier")
                    .containsExactly("5012", "5013");
            assertThat(govpsie).extracting(VpsiePort.VpsieNode::master).containsExactly(true, false);

            assertThat(vpsie.nodeGroups(CLUSTER)).as("'total ' with a trailing space").extracting(VpsiePort.VpsieGroup::nodesCount)
                    .containsExactly(2, 1);
        }
    }

    @Test
    void aLongLivedApiTokenTravelsAsVpsieAuthWithoutLogin() {
        try (ApplicationContext c = client(Map.of("vpsie.token", "api-token-1"))) {
            c.getBean(VpsiePort.class).clusterNodes(CLUSTER);
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.get("vpsie-auth")).isEqualTo("api-token-1");
                assertThat(r).doesNotContainKey("authorization");
            });
        }
    }

    @Test
    void anAddAnsweredTrueIsTheWorkerNewlyListedAndAGoneWorkerIsRemoved() {
        try (ApplicationContext c = client(Map.of("vpsie.token", "t"))) {
            VpsiePort vpsie = c.getBean(VpsiePort.class);
            VpsiePort.AddedNode a = vpsie.adder(CLUSTER, 11).add();
            assertThat(a.identifier()).isEqualTo("f0e9d8c7-b6a5-4938-8271-605f4e3d2c45");
            assertThat(a.hostname()).isEqualTo("prod-fra-general-new1");
            assertThat(seen.stream().filter(r -> r.get("path").contains("/add/slave/")).count()).as("sent once").isEqualTo(1);

            assertThat(vpsie.removeNode(CLUSTER, "no-such-worker")).as("HTTP 404 with the error envelope: already gone").isFalse();
            assertThatThrownBy(() -> vpsie.removeNode(CLUSTER, "0c7b9e44-8f2d-4d7e-b1c3-7e9a2f6d4b12"))
                    .as("a 404 for a worker VPSie still lists is not 'gone'").isInstanceOf(VpsiePort.VpsieException.class)
                    .hasMessageContaining("still lists worker");
        }
    }

    @Test
    void aRefusalInsideHttp200IsAQuotaWhenItSaysThePlanDoesNotAllowMore() {
        addFile = "error-in-200.json";
        try (ApplicationContext c = client(Map.of("vpsie.token", "t"))) {
            assertThatThrownBy(() -> c.getBean(VpsiePort.class).adder(CLUSTER, 11).add())
                    .isInstanceOfSatisfying(VpsiePort.VpsieException.class, e -> {
                        assertThat(e.failure()).isEqualTo(VpsiePort.Failure.QUOTA);
                        assertThat(e.getMessage()).contains("plan does not allow");
                    });
        }
    }
}
