package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.ConsolidationPolicy;
import com.vpsie.autoscaler.port.ClusterView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code spec.scaleDown.consolidation} as read from a NodeGroup (defaults, and a bad value naming
 * its field), and a replacement under way as the new group's floor and the group's summary show it.
 */
class ConsolidationSpecTest {
    private static ConsolidationPolicy read(Boolean enabled, Double minSavings, Integer perStep) {
        return SnapshotBuilder.scaleDownPolicy(new NodeGroup.ScaleDown(null, null, null, null, null,
                new NodeGroup.Consolidation(enabled, minSavings, perStep, null))).consolidation();
    }

    @Test
    void offUnlessEnabledWithTheDefaultsOtherwise() {
        assertThat(SnapshotBuilder.scaleDownPolicy(null).consolidation()).isEqualTo(ConsolidationPolicy.OFF);
        assertThat(SnapshotBuilder.scaleDownPolicy(new NodeGroup.ScaleDown(null, null, null, null, null, null)).consolidation().enabled()).isFalse();
        assertThat(read(true, null, null)).isEqualTo(new ConsolidationPolicy(true, 20, 1));
        assertThat(read(null, 35.0, 3)).isEqualTo(new ConsolidationPolicy(false, 35, 3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no saving asked     | 0     | 1 | spec.scaleDown.consolidation.minSavingsPercent: expected more than 0 and at most 100, got 0.0
            more than all of it | 150   | 1 | spec.scaleDown.consolidation.minSavingsPercent: expected more than 0 and at most 100, got 150.0
            not a number        | NaN   | 1 | spec.scaleDown.consolidation.minSavingsPercent: expected more than 0 and at most 100, got NaN
            no node per step    | 20    | 0 | spec.scaleDown.consolidation.maxNodesPerStep: expected >= 1, got 0
            """)
    void aBadValueNamesItsField(String row, double minSavings, int perStep, String message) {
        assertThatThrownBy(() -> read(true, minSavings, perStep)).as(row).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aRecordedReplacementHoldsTheNewGroupsFloorAndShowsInTheSummary() {
        NodeGroup.Replacement r = new NodeGroup.Replacement(java.util.List.of("large-0001"), "small", 2, java.util.List.of("small-0001"),
                java.time.Instant.parse("2026-12-01T10:00:00Z"), NodeGroup.ReplacementStep.ADDING, 0.1111, 0.0556, null);
        NodeGroup large = group("large").withStatus(NodeGroup.Status.EMPTY.withReplacement(r), "2");
        NodeGroup small = group("small");
        ClusterView view = new ClusterView(java.util.List.of(node("small-0001", "small")), java.util.List.of(), java.util.List.of(large, small));
        java.time.Instant now = java.time.Instant.parse("2026-12-01T10:01:00Z");

        assertThat(SnapshotBuilder.floor(small, view, now)).isEqualTo(new SnapshotBuilder.Floor(3, "replacing large-0001 of large (consolidation)"));
        assertThat(SnapshotBuilder.floor(large, view, now).nodes()).as("the replaced group's own floor is untouched").isZero();
        assertThat(NodeGroupSummary.of(large, view, null, java.util.List.of(), now).replacement()).isEqualTo(r);
        assertThat(NodeGroupSummary.of(small, view, null, java.util.List.of(), now).replacement()).isNull();
    }

    @Test
    void aReplacementByTheSameGroupHoldsWhatItKeepsNotTheNodesItRemoves() {
        // large-0001 and large-0002 replaced by one new node of large itself; large-0003 stays.
        NodeGroup.Replacement r = new NodeGroup.Replacement(java.util.List.of("large-0001", "large-0002"), "large", 1,
                java.util.List.of("large-0001", "large-0002", "large-0003"), java.time.Instant.parse("2026-12-01T10:00:00Z"),
                NodeGroup.ReplacementStep.DRAINING, 0.2, 0.1, null);
        NodeGroup large = group("large").withStatus(NodeGroup.Status.EMPTY.withReplacement(r), "2");
        java.time.Instant now = java.time.Instant.parse("2026-12-01T10:01:00Z");
        ClusterView before = new ClusterView(java.util.List.of(node("large-0001", "large"), node("large-0002", "large"), node("large-0003", "large")),
                java.util.List.of(), java.util.List.of(large));
        assertThat(SnapshotBuilder.floor(large, before, now).nodes()).as("while the old nodes are there, they and the new one").isEqualTo(4);
        ClusterView drained = new ClusterView(java.util.List.of(node("large-0003", "large")), java.util.List.of(), java.util.List.of(large));
        assertThat(SnapshotBuilder.floor(large, drained, now).nodes())
                .as("large-0003 and the new node: the drained nodes would be added back if they counted").isEqualTo(2);
    }

    private static com.vpsie.autoscaler.capacity.Node node(String name, String group) {
        return new com.vpsie.autoscaler.capacity.Node(name, group, java.util.Map.of(), java.util.Map.of(), java.util.List.of(),
                com.vpsie.autoscaler.capacity.Resources.NONE, true, false);
    }

    private static NodeGroup group(String name) {
        return new NodeGroup(name, "vpsie-autoscaler", "1", new NodeGroup.Spec(0, 10, new NodeGroup.VpsieRef("c", 11L), null, null, null, null, null, null, null, null, null, null),
                NodeGroup.Status.EMPTY);
    }
}
