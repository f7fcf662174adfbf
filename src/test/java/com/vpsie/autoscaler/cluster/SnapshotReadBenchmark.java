package com.vpsie.autoscaler.cluster;

import com.vpsie.autoscaler.port.ClusterView;
import io.micronaut.context.ApplicationContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code make bench BENCH=SnapshotRead}: one reconcile's read of a 500-node cluster (5,000 pods on
 * managed nodes, 500 pending, 100 nodes outside managed groups) through the real adapter, over
 * HTTP from fabric8's mock. The mock is slower than an API server, so this is an upper bound of the
 * adapter's cost, not a forecast for a real cluster.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotReadBenchmark {
    private KubeMock mock;
    private ApplicationContext context;
    private KubernetesCluster cluster;

    @Setup(Level.Trial)
    public void setUp() {
        mock = KubeMockHolder.start();
        mock.create(KubeWorld.nodeGroup("general", 1, 1000, ""));
        for (int n = 0; n < 600; n++) {
            String name = "node-" + n;
            mock.create(KubeWorld.node(name, n < 500 ? "\"autoscaler.vpsie.com/nodegroup\":\"general\"" : "", "", false));
            for (int p = 0; p < (n < 500 ? 10 : 2); p++) {
                mock.create(KubeWorld.pod("default", name + "-pod-" + p, name, "Running", "ReplicaSet", "100m"));
            }
        }
        for (int p = 0; p < 500; p++) {
            mock.create(KubeWorld.pod("default", "pending-" + p, null, "Pending", "ReplicaSet", "500m"));
        }
        context = ApplicationContext.run(Map.of("autoscaler.cluster", "kubernetes", "kubernetes.client.base-path", mock.url(),
                "autoscaler.kubernetes.namespace", KubeWorld.NS, "autoscaler.startup.allow-incomplete", "true"));
        cluster = context.getBean(KubernetesCluster.class);
        ClusterView v = cluster.read();
        if (v.nodes().size() != 500 || v.pods().size() != 5500) {
            throw new IllegalStateException("expected 500 nodes and 5,500 pods, read " + v.nodes().size() + " and " + v.pods().size());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
        mock.close();
    }

    @Benchmark
    public ClusterView read() {
        return cluster.read();
    }
}
