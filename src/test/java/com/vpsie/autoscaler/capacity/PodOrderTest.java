package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner's shortcuts for ordering and batching pods agree with what they stand for: {@link Pod#BY_KEY}
 * with comparing keys, {@link Pod.Shape#of} with comparing shapes. Seeded; the seed is in every failure.
 */
class PodOrderTest {
    /** Characters that sort around '/', the key's separator, so that a namespace prefix can decide the order. */
    private static final String CHARS = "a-./0z";

    @Test
    void byKeyOrdersPodsAsTheirKeys() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            Pod a = Pod.pending(word(r), word(r), Resources.NONE);
            Pod b = r.nextInt(3) == 0 ? Pod.pending(a.namespace(), word(r), Resources.NONE) : Pod.pending(word(r), word(r), Resources.NONE);
            assertThat(Integer.signum(Pod.BY_KEY.compare(a, b))).as("seed %d: %s against %s", seed, a.key(), b.key())
                    .isEqualTo(Integer.signum(a.key().compareTo(b.key())));
        }
    }

    @Test
    void largestFirstIsCpuThenMemoryThenKey() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            pods.add(Pod.pending(word(r), word(r), Resources.of(100L * r.nextInt(3), r.nextInt(3), 0)));
        }
        List<Pod> sorted = Pod.largestFirst(pods);
        for (int i = 1; i < sorted.size(); i++) {
            Pod a = sorted.get(i - 1);
            Pod b = sorted.get(i);
            boolean ordered = a.requests().milliCpu() > b.requests().milliCpu()
                    || a.requests().milliCpu() == b.requests().milliCpu() && (a.requests().memoryBytes() > b.requests().memoryBytes()
                    || a.requests().memoryBytes() == b.requests().memoryBytes() && a.key().compareTo(b.key()) <= 0);
            assertThat(ordered).as("seed %d: %s before %s", seed, a, b).isTrue();
        }
    }

    @Test
    void shapeOfAgreesWithComparingShapes() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            Pod a = randomPod(r);
            Pod b = r.nextBoolean() ? changeOne(a, r) : randomPod(r);
            assertThat(a.shape().of(b)).as("seed %d: %s against %s", seed, a, b).isEqualTo(a.shape().equals(b.shape()));
        }
    }

    private static Pod randomPod(Random r) {
        Pod p = Pod.pending(r.nextBoolean() ? "a" : "b", word(r), Resources.of(100L * r.nextInt(2), 0, 0))
                .withLabels(r.nextBoolean() ? Map.of("app", "x") : Map.of("app", "y"));
        if (r.nextBoolean()) {
            p = p.withPlacementRules(Map.of("pool", "p" + r.nextInt(2)), null, List.of());
        }
        if (r.nextBoolean()) {
            p = p.withPodRules(List.of(new AffinityTerm(LabelSelector.of(Map.of("app", "x")), Node.HOSTNAME_LABEL, null)),
                    List.of(), List.of());
        }
        return p;
    }

    /** The same pod with one thing that decides placement changed, or only its name (same shape). */
    private static Pod changeOne(Pod p, Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> p.withLabels(Map.of("app", "z"));
            case 1 -> p.withPlacementRules(Map.of("pool", "q"), p.nodeAffinity(), p.tolerations());
            case 2 -> p.withPlacementRules(p.nodeSelector(), p.nodeAffinity(), List.of(new Toleration("k", "Exists", null, "NoSchedule")));
            case 3 -> p.withPodRules(p.antiAffinity(), List.of(new SpreadConstraint(1, Node.HOSTNAME_LABEL, LabelSelector.EVERYTHING, 1)),
                    p.hostPorts());
            case 4 -> p.withPodRules(p.antiAffinity(), p.spread(), List.of(new HostPort(null, "TCP", 80)));
            case 5 -> new Pod("c", p.name(), p.phase(), null, null, p.requests(), p.labels(), null, p.nodeSelector(), p.nodeAffinity(),
                    p.tolerations(), p.antiAffinity(), p.spread(), p.hostPorts(), p.ownerKind(), p.localStorage());
            default -> new Pod(p.namespace(), p.name() + "-2", p.phase(), null, null, p.requests(), p.labels(), null, p.nodeSelector(),
                    p.nodeAffinity(), p.tolerations(), p.antiAffinity(), p.spread(), p.hostPorts(), p.ownerKind(), p.localStorage());
        };
    }

    private static String word(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            b.append(CHARS.charAt(r.nextInt(CHARS.length())));
        }
        return b.toString();
    }
}
