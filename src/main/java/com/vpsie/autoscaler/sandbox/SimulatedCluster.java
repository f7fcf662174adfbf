package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.NodeEdit;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** The cluster port over the sandbox's simulated cluster. */
@Singleton
@Requires(env = "sandbox")
@Requires(property = "autoscaler.cluster", value = "simulated")
public class SimulatedCluster implements ClusterPort {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);
    private static final int KEPT_EVENTS = 500;

    private final SandboxWorld world;
    private final Deque<ClusterEvent> events = new ArrayDeque<>();

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
    public boolean createNodeGroup(NodeGroup group) {
        return world.createNodeGroup(group);
    }

    @Override
    public NodeGroup writeSpec(NodeGroup group, NodeGroup.Spec spec) {
        return world.writeSpec(group, spec);
    }

    @Override
    public void deleteNodeGroup(NodeGroup group) {
        world.deleteNodeGroup(group.name());
    }

    @Override
    public void deleteNode(String name) {
        world.deleteNode(name);
    }

    @Override
    public void editNode(String node, NodeEdit edit) {
        world.editNode(node, edit);
    }

    @Override
    public void setUnschedulable(String node, boolean unschedulable) {
        world.setUnschedulable(node, unschedulable);
    }

    @Override
    public Eviction evict(String namespace, String pod) {
        return world.evict(namespace, pod);
    }

    @Override
    public void record(ClusterEvent event) {
        LOG.info("event {} {} {}/{}: {}", event.type(), event.reason(), event.kind(), event.name(), event.message());
        synchronized (events) {
            events.addFirst(event);
            while (events.size() > KEPT_EVENTS) {
                events.removeLast();
            }
        }
    }

    /** Events recorded, newest first. */
    public List<ClusterEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
