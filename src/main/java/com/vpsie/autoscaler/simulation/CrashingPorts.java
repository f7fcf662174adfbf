package com.vpsie.autoscaler.simulation;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.NodeEdit;
import com.vpsie.autoscaler.port.VpsiePort;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One replica's view of the cluster and of VPSie: the shared ones, with an armed crash point
 * that fires once, right after (or, for {@link CrashPoint#VPSIE_CALLED}, instead of) its step.
 */
final class CrashingPorts {
    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final AtomicReference<CrashPoint> armed = new AtomicReference<>();
    private final Runnable onCrash;
    private boolean evictedOne;

    CrashingPorts(ClusterPort cluster, VpsiePort vpsie, Runnable onCrash) {
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.onCrash = onCrash;
    }

    void arm(CrashPoint p) {
        armed.set(p);
    }

    private void at(CrashPoint p) {
        if (armed.compareAndSet(p, null)) {
            onCrash.run();
            throw new SimulatedCrash(p);
        }
    }

    ClusterPort cluster() {
        return new ClusterPort() {
            @Override
            public ClusterView read() {
                return cluster.read();
            }

            @Override
            public boolean createNodeGroup(NodeGroup group) {
                return cluster.createNodeGroup(group);
            }

            @Override
            public NodeGroup writeSpec(NodeGroup group, NodeGroup.Spec spec) {
                return cluster.writeSpec(group, spec);
            }

            @Override
            public void deleteNodeGroup(NodeGroup group) {
                cluster.deleteNodeGroup(group);
            }

            @Override
            public NodeGroup writeStatus(NodeGroup group, NodeGroup.Status status) {
                NodeGroup written = cluster.writeStatus(group, status);
                boolean intentWritten = status.provisioningOrEmpty().stream().anyMatch(p -> p.vpsieNodeId() == null && p.hostname() == null)
                        && status.provisioningOrEmpty().size() > group.status().provisioningOrEmpty().size();
                if (intentWritten) {
                    at(CrashPoint.STATUS_WRITTEN);
                }
                NodeGroup.Replacement before = group.status().replacement();
                NodeGroup.Replacement after = status.replacement();
                if (after != null && before == null) {
                    at(CrashPoint.REPLACEMENT_RECORDED);
                }
                if (after != null && after.step() == NodeGroup.ReplacementStep.DRAINING && (before == null || before.step() != after.step())) {
                    at(CrashPoint.REPLACEMENT_DRAINING);
                }
                return written;
            }

            @Override
            public void deleteNode(String name) {
                cluster.deleteNode(name);
                at(CrashPoint.NODE_DELETED);
            }

            @Override
            public void editNode(String node, NodeEdit edit) {
                cluster.editNode(node, edit);
            }

            @Override
            public void setUnschedulable(String node, boolean unschedulable) {
                cluster.setUnschedulable(node, unschedulable);
                if (unschedulable) {
                    at(CrashPoint.CORDONED);
                }
            }

            @Override
            public Eviction evict(String namespace, String pod) {
                Eviction e = cluster.evict(namespace, pod);
                if (!evictedOne) {
                    evictedOne = true;
                } else {
                    at(CrashPoint.HALF_EVICTED);
                }
                return e;
            }

            @Override
            public void record(ClusterEvent event) {
                cluster.record(event);
            }
        };
    }

    VpsiePort vpsie() {
        return new VpsiePort() {
            @Override
            public List<VpsieCluster> clusters() {
                return vpsie.clusters();
            }

            @Override
            public List<VpsieGroup> nodeGroups(String clusterId) {
                return vpsie.nodeGroups(clusterId);
            }

            @Override
            public List<VpsieSize> offers(String datacenter) {
                return vpsie.offers(datacenter);
            }

            @Override
            public long createNodeGroup(String clusterId, String name, long sizeId) {
                return vpsie.createNodeGroup(clusterId, name, sizeId);
            }

            @Override
            public boolean deleteNodeGroup(String clusterId, long groupId) {
                return vpsie.deleteNodeGroup(clusterId, groupId);
            }

            @Override
            public Adder adder(String clusterId, long nodeGroupId) {
                Adder real = vpsie.adder(clusterId, nodeGroupId);
                return () -> {
                    at(CrashPoint.VPSIE_CALLED);
                    AddedNode added = real.add();
                    at(CrashPoint.RESPONSE_LOST);
                    return added;
                };
            }

            @Override
            public List<VpsieNode> clusterNodes(String clusterId) {
                return vpsie.clusterNodes(clusterId);
            }

            @Override
            public boolean removeNode(String clusterId, String identifier) {
                boolean removed = vpsie.removeNode(clusterId, identifier);
                at(CrashPoint.VPSIE_REMOVED);
                return removed;
            }

            @Override
            public java.time.Duration addSettleTime() {
                return vpsie.addSettleTime();
            }
        };
    }
}
