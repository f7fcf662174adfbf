package com.vpsie.autoscaler.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bodies for {@code POST /v1/plan} the size of a real cluster's, written as a stream so that a
 * 200 MB one never sits in memory. A tenth of the pods are pending and ask for a whole CPU (more
 * than most nodes have free, so the plan adds nodes); the rest run on the nodes in turn at 100m.
 * Nodes belong to the group {@code general}, as in the sandbox.
 *
 * <p>{@code make bench-dump} runs {@link #main}: it writes both bodies to a directory.
 */
public final class ClusterDumps {
    private ClusterDumps() {
    }

    // What kubectl prints beside the fields the planner reads: managedFields, the last-applied
    // annotation, statuses, images. Sized after a real cluster's `kubectl get -o json`.
    private static final String MANAGED_FIELDS = "[" + ("{\"manager\":\"kube-controller-manager\",\"operation\":\"Update\",\"apiVersion\":\"v1\","
            + "\"time\":\"2026-11-30T08:00:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{},"
            + "\"f:pod-template-hash\":{}},\"f:ownerReferences\":{\".\":{},\"k:{\\\"uid\\\":\\\"0b8f0c1e\\\"}\":{}}},\"f:spec\":{\"f:containers\":"
            + "{\"k:{\\\"name\\\":\\\"app\\\"}\":{\".\":{},\"f:env\":{},\"f:image\":{},\"f:imagePullPolicy\":{},\"f:name\":{},\"f:ports\":{},"
            + "\"f:resources\":{\".\":{},\"f:requests\":{\".\":{},\"f:cpu\":{},\"f:memory\":{}}},\"f:terminationMessagePath\":{}}},"
            + "\"f:dnsPolicy\":{},\"f:enableServiceLinks\":{},\"f:restartPolicy\":{},\"f:schedulerName\":{},\"f:securityContext\":{}}}},").repeat(5)
            + "{\"manager\":\"kubelet\",\"operation\":\"Update\",\"subresource\":\"status\",\"fieldsV1\":{\"f:status\":{\"f:conditions\":{}}}}]";
    private static final String LAST_APPLIED = ("{\\\"apiVersion\\\":\\\"apps/v1\\\",\\\"kind\\\":\\\"Deployment\\\",\\\"metadata\\\":{\\\"name\\\":\\\"app\\\","
            + "\\\"namespace\\\":\\\"default\\\"},\\\"spec\\\":{\\\"template\\\":{\\\"spec\\\":{\\\"containers\\\":[{\\\"image\\\":\\\"registry.example.com/team/app:"
            + "1.2.3\\\",\\\"name\\\":\\\"app\\\",\\\"env\\\":[" + "{\\\"name\\\":\\\"SETTING\\\",\\\"value\\\":\\\"some-value-of-some-length\\\"},".repeat(24)
            + "{\\\"name\\\":\\\"LAST\\\",\\\"value\\\":\\\"x\\\"}]}]}}}}");
    private static final String POD_STATUS_EXTRA = "\"conditions\":[" + "{\"type\":\"Ready\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-30T08:00:00Z\"},".repeat(3)
            + "{\"type\":\"PodScheduled\",\"status\":\"True\"}],\"containerStatuses\":[{\"name\":\"app\",\"ready\":true,\"restartCount\":0,"
            + "\"image\":\"registry.example.com/team/app:1.2.3\",\"imageID\":\"registry.example.com/team/app@sha256:" + "0123456789abcdef".repeat(4) + "\","
            + "\"containerID\":\"containerd://" + "0123456789abcdef".repeat(4) + "\",\"started\":true,\"state\":{\"running\":{\"startedAt\":\"2026-11-30T08:00:00Z\"}}}],"
            + "\"hostIP\":\"10.0.0.1\",\"podIP\":\"10.244.1.1\",\"qosClass\":\"Burstable\",\"startTime\":\"2026-11-30T08:00:00Z\"";
    private static final String NODE_IMAGES = "\"images\":[" + ("{\"names\":[\"registry.example.com/team/app@sha256:" + "0123456789abcdef".repeat(4)
            + "\",\"registry.example.com/team/app:1.2.3\"],\"sizeBytes\":123456789},").repeat(20) + "{\"names\":[\"pause:3.9\"],\"sizeBytes\":321}]";

    /** What {@code kubectl get nodes,pods -A -o json} prints for such a cluster: about 6.7 KB a pod. */
    public static void kubectlList(OutputStream sink, int nodes, int pods) {
        write(sink, out -> {
            out.append("{\"apiVersion\":\"v1\",\"items\":[");
            for (int i = 0; i < nodes; i++) {
                out.append(i == 0 ? "" : ",").append("""
                        {"apiVersion":"v1","kind":"Node","metadata":{"name":"general-%1$04d","uid":"n-%1$d","resourceVersion":"1","managedFields":%2$s,
                         "labels":{"kubernetes.io/hostname":"general-%1$04d","autoscaler.vpsie.com/nodegroup":"general","kubernetes.io/os":"linux"},
                         "annotations":{"node.alpha.kubernetes.io/ttl":"0","volumes.kubernetes.io/controller-managed-attach-detach":"true"}},
                         "spec":{"podCIDR":"10.244.%1$d.0/24"},
                         "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},"allocatable":{"cpu":"3900m","memory":"7800Mi","pods":"110"},
                          "conditions":[{"type":"MemoryPressure","status":"False"},{"type":"DiskPressure","status":"False"},{"type":"Ready","status":"True"}],
                          "addresses":[{"type":"InternalIP","address":"10.0.%1$d.1"}],%3$s,
                          "nodeInfo":{"kubeletVersion":"v1.31.2","containerRuntimeVersion":"containerd://1.7.22","osImage":"Debian GNU/Linux 12"}}}"""
                        .formatted(i, MANAGED_FIELDS, NODE_IMAGES));
            }
            for (int j = 0; j < pods; j++) {
                boolean pending = j % 10 == 0;
                out.append(nodes + j == 0 ? "" : ",").append("""
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"app-%1$d","namespace":"default","uid":"p-%1$d","resourceVersion":"1",
                         "labels":{"app":"app","pod-template-hash":"5d8f"},"managedFields":%2$s,
                         "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"%3$s"},
                         "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"app-5d8f","uid":"0b8f0c1e","controller":true}]},
                         "spec":{%4$s"containers":[{"name":"app","image":"registry.example.com/team/app:1.2.3",
                          "resources":{"requests":{"cpu":"%5$s","memory":"%6$s"}}}],
                          "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
                         "status":{"phase":"%7$s"%8$s}}"""
                        .formatted(j, MANAGED_FIELDS, LAST_APPLIED, pending ? "" : "\"nodeName\":\"general-%04d\",".formatted(j % Math.max(nodes, 1)),
                                pending ? "1" : "100m", pending ? "1Gi" : "128Mi", pending ? "Pending" : "Running", pending ? "" : "," + POD_STATUS_EXTRA));
            }
            out.append("],\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"}}");
        });
    }

    /** The same cluster as the scenario format's compact JSON, with its groups and VPSie sizes: about 0.5 KB a pod. */
    public static void compactScenario(OutputStream sink, int nodes, int pods) {
        write(sink, out -> {
            out.append("""
                    {"clusterId":"bench",
                     "vpsieNodeGroups":[{"id":1,"group_name":"general","boxsize_id":1,"cpu":4,"ram":8192,"ssd":80,"nodes_count":%d}],
                     "nodeGroups":[{"metadata":{"name":"general"},"spec":{"minNodes":1,"maxNodes":3000,
                       "vpsie":{"clusterId":"bench","nodeGroupId":1},"scaleUp":{"maxNodesPerStep":3000}}}],
                     "nodes":[""".formatted(nodes));
            for (int i = 0; i < nodes; i++) {
                out.append(i == 0 ? "" : ",").append("""
                        {"metadata":{"name":"general-%1$04d","labels":{"kubernetes.io/hostname":"general-%1$04d","autoscaler.vpsie.com/nodegroup":"general"}},\
                        "status":{"allocatable":{"cpu":"3900m","memory":"7800Mi","pods":"110"},"conditions":[{"type":"Ready","status":"True"}]}}""".formatted(i));
            }
            out.append("],\"pods\":[");
            for (int j = 0; j < pods; j++) {
                boolean pending = j % 10 == 0;
                out.append(j == 0 ? "" : ",").append("""
                        {"metadata":{"name":"app-%1$d","namespace":"default","labels":{"app":"app","tier":"web","team":"payments","version":"1.2.3"},\
                        "ownerReferences":[{"kind":"ReplicaSet","name":"app-5d8f","controller":true}]},\
                        "spec":{%2$s"containers":[{"name":"app","resources":{"requests":{"cpu":"%3$s","memory":"%4$s"}}},\
                        {"name":"sidecar","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}},{"name":"logs","resources":{"requests":{"cpu":"5m","memory":"8Mi"}}}]},"status":{"phase":"%5$s"}}"""
                        .formatted(j, pending ? "" : "\"nodeName\":\"general-%04d\",".formatted(j % Math.max(nodes, 1)),
                                pending ? "1" : "100m", pending ? "1Gi" : "128Mi", pending ? "Pending" : "Running"));
            }
            out.append("]}");
        });
    }

    private interface Body {
        void into(Appender out);
    }

    /** Text in, UTF-8 out, flushed every megabyte. */
    private static final class Appender {
        private final OutputStream sink;
        private final StringBuilder b = new StringBuilder(1 << 21);

        Appender(OutputStream sink) {
            this.sink = sink;
        }

        Appender append(String s) {
            b.append(s);
            if (b.length() > 1 << 20) {
                flush();
            }
            return this;
        }

        void flush() {
            try {
                sink.write(b.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            b.setLength(0);
        }
    }

    private static void write(OutputStream sink, Body body) {
        Appender out = new Appender(sink);
        body.into(out);
        out.flush();
    }

    /** {@code ClusterDumps DIR [NODES PODS]}: DIR/kubectl-dump.json and DIR/compact-scenario.json (1,000 nodes, 30,000 pods by default). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int pods = args.length > 2 ? Integer.parseInt(args[2]) : 30_000;
        Files.createDirectories(dir);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("kubectl-dump.json")))) {
            kubectlList(out, nodes, pods);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("compact-scenario.json")))) {
            compactScenario(out, nodes, pods);
        }
    }
}
