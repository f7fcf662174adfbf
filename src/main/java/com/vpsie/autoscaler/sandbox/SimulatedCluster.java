package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.reconcile.ClusterPort;
import com.vpsie.autoscaler.reconcile.ClusterView;
import com.vpsie.autoscaler.reconcile.NodeGroup;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The cluster port over the sandbox's simulated cluster. */
@Singleton
@Requires(env = "sandbox")
public class SimulatedCluster implements ClusterPort {
    private final SandboxWorld world;

    public SimulatedCluster(SandboxWorld world) {
        this.world = world;
    }

    @Override
    public ClusterView read() {
        return world.view();
    }

    @Override
    public NodeGroup writeStatus(NodeGroup group, NodeGroup.Status status) {
        return world.writeStatus(group, status);
    }

    @Override
    public void deleteNode(String name) {
        world.deleteNode(name);
    }
}
