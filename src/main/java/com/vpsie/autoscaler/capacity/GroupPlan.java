package com.vpsie.autoscaler.capacity;

import java.util.List;

/**
 * What one node group should do now. {@code scaleUp}: nodes to add now. {@code scaleDownCandidates}:
 * nodes removable if time were not a factor; {@code scaleDown}: those whose unneeded time has passed too.
 */
public record GroupPlan(String name, int currentNodes, int provisioningNodes, int desiredNodes, int scaleUp,
                        List<String> scaleDownCandidates, List<String> scaleDown, List<String> reasons) {
    public GroupPlan {
        scaleDownCandidates = List.copyOf(scaleDownCandidates);
        scaleDown = List.copyOf(scaleDown);
        reasons = List.copyOf(reasons);
    }
}
