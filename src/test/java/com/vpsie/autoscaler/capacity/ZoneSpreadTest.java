package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node group per zone, as clusters spread over zones are usually built, and pods spread over
 * the zones with maxSkew 1. Each group alone can take only one pod more than the emptiest zone, so
 * every expander round chose one node for one pod, and the nodes of earlier rounds were never
 * filled: 10,000 such pods asked for 6,653 nodes where 1,431 hold them.
 */
class ZoneSpreadTest {
    private static final int PER_NODE = 7;  // 500m pods on 3,900m nodes

    @ParameterizedTest(name = "{0} pods")
    @ValueSource(ints = {30, 61, 300, 1000})
    void podsSpreadOverAGroupPerZoneFillTheNodesAndKeepTheSkew(int pods) {
        ClusterSnapshot s = PlannerBenchmark.zoneSpread(pods);
        Plan plan = new Planner(Fixtures.CLOCK).plan(s, PlanningPolicy.DEFAULT);

        int perZone = (pods + 2) / 3;
        int fewest = 3 * ((perZone + PER_NODE - 1) / PER_NODE) - 3;
        int added = plan.nodeGroups().stream().mapToInt(GroupPlan::scaleUp).sum();
        assertThat(added).as("new nodes: at most one per zone more than the fewest that hold them").isBetween(fewest - 3, fewest + 3);
        assertThat(plan.unschedulablePods()).isEmpty();
        for (GroupPlan g : plan.nodeGroups()) {
            assertThat(g.reasons()).as("one line per kind of reason, not a sentence per round: " + g.name()).hasSizeLessThanOrEqualTo(5);
        }

        Map<String, Integer> inZone = new TreeMap<>();
        for (PlannedNode n : new ScaleUpPlanner(s, PlanningPolicy.DEFAULT).plan().after().nodes()) {
            inZone.merge(n.group(), n.pods().size(), Integer::sum);
        }
        assertThat(inZone.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(pods);
        int max = inZone.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int min = inZone.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertThat(max - min).as("maxSkew 1 across the zones: " + inZone).isLessThanOrEqualTo(1);
    }
}
