package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Map;

/**
 * What the planner needs to know of a pod. {@code requests} is already the effective request:
 * the sum of container requests, the maximum with each init container, plus pod overhead.
 */
public record Pod(String namespace, String name, String phase, String nodeName, Resources requests,
                  Map<String, String> nodeSelector, List<Toleration> tolerations, String ownerKind) {
    public Pod {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        nodeName = nodeName == null ? "" : nodeName;
    }

    public String key() {
        return namespace + "/" + name;
    }

    public boolean isDaemonSetPod() {
        return "DaemonSet".equals(ownerKind);
    }

    /** Waiting for a node: Pending, not bound, and not a DaemonSet pod (those follow nodes). */
    public boolean awaitsNode() {
        return "Pending".equals(phase) && nodeName.isEmpty() && !isDaemonSetPod();
    }

    /** Holds resources on its node: bound and not finished. */
    public boolean occupiesNode() {
        return !nodeName.isEmpty() && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }
}
