package com.vpsie.autoscaler.port;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;

/**
 * A Kubernetes Event the autoscaler records, named like the Cluster Autoscaler's so existing
 * dashboards and {@code kubectl get events --field-selector reason=…} keep working.
 *
 * @param kind      {@code Pod} or {@code NodeGroup} (or {@code Node}, {@code AutoscalerPolicy})
 * @param namespace the object's namespace; empty for cluster-scoped objects
 */
public record ClusterEvent(String kind, String namespace, String name, Type type, String reason, String message) {

    public enum Type { Normal, Warning }

    public static ClusterEvent onGroup(NodeGroup g, Type type, String reason, String message) {
        return new ClusterEvent("NodeGroup", g.namespace(), g.name(), type, reason, message);
    }

    /** On a Node (cluster-scoped: the Event lives in {@code default}, as kubelet's do). */
    public static ClusterEvent onNode(String node, Type type, String reason, String message) {
        return new ClusterEvent("Node", "", node, type, reason, message);
    }

    /** On the AutoscalerPolicy: a limit that holds pods back. */
    public static ClusterEvent onPolicy(com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy p, Type type, String reason, String message) {
        return new ClusterEvent("AutoscalerPolicy", p.namespace(), p.name(), type, reason, message);
    }

    public static ClusterEvent onPod(String namespace, String pod, Type type, String reason, String message) {
        return new ClusterEvent("Pod", namespace, pod, type, reason, message);
    }
}
