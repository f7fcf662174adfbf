package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every spec refusal is one InvalidSpec naming its field, whichever reader refused it; a valid spec has none. */
class SpecRulesTest {
    private static final NodeGroup.VpsieRef REF = new NodeGroup.VpsieRef("c-1", 7L);

    private static NodeGroup.Spec spec(Integer min, Integer max, NodeGroup.VpsieRef ref, NodeGroup.ScaleUp up, List<NodeGroup.Headroom> headroom) {
        return new NodeGroup.Spec(min, max, ref, null, null, up, null, headroom, null, null, null, null, null);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("valid", spec(0, 3, REF, null, null), null),
                Arguments.of("no VPSie reference", spec(0, 3, null, null, null), "spec.vpsie.clusterId"),
                Arguments.of("no VPSie cluster", spec(0, 3, new NodeGroup.VpsieRef(" ", 7L), null, null), "spec.vpsie.clusterId"),
                Arguments.of("no VPSie node group", spec(0, 3, new NodeGroup.VpsieRef("c-1", null), null, null), "spec.vpsie.nodeGroupId"),
                Arguments.of("max below min", spec(4, 3, REF, null, null), "spec.maxNodes"),
                Arguments.of("a cooldown that is no duration", spec(0, 3, REF, new NodeGroup.ScaleUp(null, "soon"), null), "spec.scaleUp.cooldown"),
                Arguments.of("headroom without replicas", spec(0, 3, REF, null, List.of(new NodeGroup.Headroom(null, "1", "1Gi"))),
                        "spec.headroom[0].replicas"),
                Arguments.of("headroom of no quantity", spec(0, 3, REF, null, List.of(new NodeGroup.Headroom(1, "lots", "1Gi"))),
                        "spec.headroom[0].cpu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void oneInvalidSpecNamingTheField(String row, NodeGroup.Spec spec, String field) {
        var problem = SpecRules.problem(spec);
        if (field == null) {
            assertThat(problem).isEmpty();
            return;
        }
        assertThat(problem).get().satisfies(p -> {
            assertThat(p.field()).as(p.getMessage()).isEqualTo(field);
            assertThat(p.outcome()).isEqualTo(Decision.Outcome.INVALID_SPEC);
            assertThat(p.getMessage()).startsWith(field + ": ").contains("expected");
        });
    }
}
