package com.vpsie.autoscaler.capacity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one node group should do now. {@code scaleUp}: nodes to add now. {@code scaleDownCandidates}:
 * nodes removable if time were not a factor; {@code scaleDown}: those whose unneeded time and delay
 * after scale-up have passed too (at most the group's per-step cap). {@code scaleDownBlocked}:
 * underused nodes that may not go, each with its reason. {@code hourlyPrice}: VPSie's price of one of
 * its nodes per hour, 0 when unknown.
 */
public record GroupPlan(String name, int currentNodes, int provisioningNodes, int desiredNodes, int scaleUp,
                        List<ScaleDownCandidate> scaleDownCandidates, List<String> scaleDown,
                        List<BlockedNode> scaleDownBlocked, List<String> reasons, double hourlyPrice) {
    public GroupPlan {
        scaleDownCandidates = List.copyOf(scaleDownCandidates);
        scaleDown = List.copyOf(scaleDown);
        scaleDownBlocked = List.copyOf(scaleDownBlocked);
        reasons = List.copyOf(reasons);
    }

    /** Since when each candidate has been unneeded: what the reconciler records in status. */
    public Map<String, Instant> unneededSince() {
        Map<String, Instant> m = new LinkedHashMap<>();
        scaleDownCandidates.forEach(c -> m.put(c.node(), c.unneededSince()));
        return m;
    }

    /** What the group's nodes cost per hour now (those running and coming), and once the plan is carried out. */
    public double hourlyNow() {
        return hourlyPrice * (currentNodes + provisioningNodes);
    }

    public double hourlyPlanned() {
        return hourlyPrice * desiredNodes;
    }

    public List<String> candidateNames() {
        return scaleDownCandidates.stream().map(ScaleDownCandidate::node).toList();
    }
}
