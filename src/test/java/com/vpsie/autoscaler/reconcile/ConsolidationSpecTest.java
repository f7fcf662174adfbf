package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.ConsolidationPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code spec.scaleDown.consolidation} as read from a NodeGroup: defaults, and a bad value naming its field. */
class ConsolidationSpecTest {
    private static ConsolidationPolicy read(Boolean enabled, Double minSavings, Integer perStep) {
        return SnapshotBuilder.scaleDownPolicy(new NodeGroup.ScaleDown(null, null, null, null, null,
                new NodeGroup.Consolidation(enabled, minSavings, perStep))).consolidation();
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
}
