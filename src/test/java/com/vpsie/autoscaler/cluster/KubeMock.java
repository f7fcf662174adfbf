package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * fabric8's Kubernetes API server stand-in in CRUD mode (objects are stored, listed by label,
 * replaced under resourceVersion, patched), plus expectations for what CRUD mode does not emulate
 * (the Eviction subresource). Every request is kept, in order, for assertions.
 */
public final class KubeMock implements AutoCloseable {
    public static final CustomResourceDefinitionContext NODE_GROUPS = new CustomResourceDefinitionContext.Builder()
            .withGroup("autoscaler.vpsie.com").withVersion("v1alpha1").withPlural("nodegroups").withKind("NodeGroup")
            .withScope("Namespaced").withStatusSubresource(true).build();
    public static final CustomResourceDefinitionContext POLICIES = new CustomResourceDefinitionContext.Builder()
            .withGroup("autoscaler.vpsie.com").withVersion("v1alpha1").withPlural("autoscalerpolicies").withKind("AutoscalerPolicy")
            .withScope("Namespaced").build();

    public final KubernetesMockServer server;
    public final KubernetesClient client;
    final List<Seen> requests = new CopyOnWriteArrayList<>();
    /** Every request since start, across resets. */
    final List<Seen> everything = new CopyOnWriteArrayList<>();
    private int countAtReset;
    private int everythingAtReset;
    private final List<Consumer<Seen>> listeners = new CopyOnWriteArrayList<>();
    private final Thread recorder;
    private volatile List<io.fabric8.kubernetes.api.model.Pod> pods = List.of();

    /**
     * A request the mock received. Bodies are not kept: the recorder would race the dispatcher for
     * them; tests look at the stored objects instead.
     */
    public record Seen(String method, String path, String userAgent, String authorization) {
    }

    KubeMock() throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new StrictDispatcher(responses, List.of(NODE_GROUPS, POLICIES)), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        server.expectCustomResource(NODE_GROUPS);
        server.expectCustomResource(POLICIES);
        client = server.createClient();
        recorder = new Thread(this::record, "kube-mock-recorder");
        recorder.setDaemon(true);
        recorder.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Runs {@code action} on each request received from now on (for instance, a kubelet stopping an evicted pod). */
    public void onRequest(Consumer<Seen> action) {
        listeners.add(action);
    }

    /**
     * Serves {@code GET /api/v1/pods?fieldSelector=spec.nodeName=<node>} filtered as a real API
     * server filters it (the mock matches equality field selectors on spec fields to nothing). The
     * answer comes from a copy of the stored pods the recorder refreshes after each pod write,
     * because the mock cannot be asked from inside its own dispatcher.
     */
    void servePodsOn(String node) {
        refreshPods();
        server.expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName%3D" + node + "&limit=500")
                .andReply(200, r -> new io.fabric8.kubernetes.api.model.PodListBuilder()
                        .withItems(pods.stream().filter(p -> node.equals(p.getSpec().getNodeName())).toList()).build())
                .always();
    }

    private void refreshPods() {
        pods = client.pods().inAnyNamespace().list().getItems();
    }

    public List<Seen> seen(String method, String pathPart) {
        return seen().stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
    }

    /** Every request since the last reset or {@code requests.clear()}, once the recorder has taken all the server answered. */
    public List<Seen> seen() {
        drain();
        return List.copyOf(requests);
    }

    /** Creates an object from its JSON, as {@code kubectl create -f} would. */
    public void create(String json) {
        client.resource(json).create();
    }

    /** The recorder takes requests on its own thread: waits until it has every request the server answered. */
    private void drain() {
        long deadline = System.currentTimeMillis() + 2_000;
        while (everything.size() - everythingAtReset < server.getRequestCount() - countAtReset && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void reset() {
        // Requests of the test before must not be recorded as this one's.
        drain();
        server.reset();
        countAtReset = server.getRequestCount();
        everythingAtReset = everything.size();
        server.expectCustomResource(NODE_GROUPS);
        server.expectCustomResource(POLICIES);
        listeners.clear();
        requests.clear();
    }

    private void record() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                RecordedRequest r = server.takeRequest(200, TimeUnit.MILLISECONDS);
                if (r != null) {
                    Seen s = new Seen(r.getMethod(), r.getPath(), String.valueOf(r.getHeader("User-Agent")),
                            String.valueOf(r.getHeader("Authorization")));
                    everything.add(s);
                    requests.add(s);
                    listeners.forEach(l -> l.accept(s));
                    if (!s.method().equals("GET") && s.path().contains("/pods")) {
                        refreshPods();
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        recorder.interrupt();
        client.close();
        server.destroy();
    }
}
