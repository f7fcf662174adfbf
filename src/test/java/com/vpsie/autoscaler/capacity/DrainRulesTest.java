package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

/** The drain chain, one row per rule and per order that matters: the first rule that decides wins. */
class DrainRulesTest {
    private static final Pdb KUBE_DNS = new Pdb("kube-system", "dns", LabelSelector.of(Map.of("app", "dns")), 1);

    private static Pod pod(String ns, String name) {
        return Pod.pending(ns, name, res(100, 100, 0)).boundTo("n", PodPhase.RUNNING);
    }

    static Stream<Arguments> rows() {
        Pod plain = pod("default", "web");
        return Stream.of(
                Arguments.of("a replicated pod moves", plain, List.of(), null, false),
                Arguments.of("a mirror pod goes with its node", plain.withAnnotations(Map.of(Pod.MIRROR, "x")), List.of(), null, true),
                Arguments.of("a DaemonSet pod goes with its node", plain.withOwner("DaemonSet", true), List.of(), null, true),
                Arguments.of("a finished pod goes with its node, even bare", plain.withOwner(null, false).boundTo("n", PodPhase.SUCCEEDED), List.of(), null, true),
                Arguments.of("a failed pod too", plain.boundTo("n", PodPhase.FAILED), List.of(), null, true),
                Arguments.of("safe-to-evict false blocks, even with a controller", plain.withAnnotations(Map.of(Pod.SAFE_TO_EVICT, "false")), List.of(),
                        Blocker.Code.POD_NOT_SAFE_TO_EVICT, false),
                Arguments.of("a bare pod blocks", plain.withOwner(null, false), List.of(), Blocker.Code.POD_NOT_REPLICATED, false),
                Arguments.of("a bare pod blocks even when safe to evict", plain.withOwner(null, false).withAnnotations(Map.of(Pod.SAFE_TO_EVICT, "true")),
                        List.of(), Blocker.Code.POD_NOT_REPLICATED, false),
                Arguments.of("local storage blocks", plain.withOwner("ReplicaSet", true), List.of(), Blocker.Code.POD_LOCAL_STORAGE, false),
                Arguments.of("safe-to-evict true lifts local storage", plain.withOwner("ReplicaSet", true).withAnnotations(Map.of(Pod.SAFE_TO_EVICT, "true")),
                        List.of(), null, false),
                Arguments.of("kube-system without a budget blocks", pod("kube-system", "dns"), List.of(), Blocker.Code.SYSTEM_POD_WITHOUT_PDB, false),
                Arguments.of("kube-system with a budget moves", pod("kube-system", "dns").withLabels(Map.of("app", "dns")), List.of(KUBE_DNS), null, false),
                Arguments.of("safe-to-evict true lifts kube-system", pod("kube-system", "dns").withAnnotations(Map.of(Pod.SAFE_TO_EVICT, "true")),
                        List.of(), null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theFirstRuleThatDecidesWins(String row, Pod pod, List<Pdb> pdbs, Blocker.Code blocks, boolean goesWithNode) {
        Drainability d = DrainRules.check(pod, pdbs);
        if (blocks != null) {
            assertThat(d).isInstanceOf(Drainability.Block.class);
            Blocker b = ((Drainability.Block) d).blocker();
            assertThat(b.code()).isEqualTo(blocks);
            assertThat(b.subject()).isEqualTo(pod.key());
        } else {
            assertThat(d).isEqualTo(goesWithNode ? Drainability.SKIP : Drainability.MOVE);
        }
        assertThat(DrainRules.mustMove(pod)).isEqualTo(!goesWithNode);
    }
}
