package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-step room arithmetic the planner's hot path uses agrees with taking pods one at a time. */
class ResourcesTest {
    private static final int CASES = 2_000;

    @Test
    void minusPodsIsMinusPodRepeated() {
        forRandomCases(64_000, (r, room, requests, seed) -> {
            long k = r.nextInt(40);
            Resources oneByOne = room;
            for (int j = 0; j < k; j++) {
                oneByOne = oneByOne.minusPod(requests);
            }
            assertThat(room.minusPods(requests, k)).as("seed %d: %s minus %d x %s", seed, room, k, requests).isEqualTo(oneByOne);
        });
    }

    @Test
    void copiesWithPodSlotIsHowManyFitOneAfterAnother() {
        forRandomCases(16_000, (r, room, requests, seed) -> {
            long fitted = 0;
            Resources left = room;
            while (fitted < 1_000 && left.fitsWithPodSlot(requests)) {
                left = left.minusPod(requests);
                fitted++;
            }
            assertThat(room.copiesWithPodSlot(requests)).as("seed %d: %s in %s", seed, requests, room).isEqualTo(fitted);
        });
    }

    @Test
    void aQuantityPastWhatALongHoldsIsRefusedNamingItsResource() {
        assertThatThrownBy(() -> Resources.fromQuantities(Map.of("memory", "8Ei"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memory: expected a quantity below 2^63 units, got 8Ei");
        assertThatThrownBy(() -> Resources.fromQuantities(Map.of("cpu", "99999999999999999"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpu: expected a quantity below 2^63 millicores, got 99999999999999999");
        assertThat(Resources.fromQuantities(Map.of("memory", "7Ei")).memoryBytes()).isEqualTo(7L << 60);
    }

    private interface Case {
        void check(Random r, Resources room, Resources requests, long seed);
    }

    /** CASES random rooms and requests from a seed the failure message names. */
    private static void forRandomCases(int roomScale, Case c) {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            c.check(r, random(r, roomScale), random(r, 4_000), seed);
        }
    }

    /** Some dimensions zero, the pod count small enough that it often decides, a GPU now and then. */
    private static Resources random(Random r, int scale) {
        Map<String, Long> gpu = r.nextInt(4) == 0 ? Map.of("nvidia.com/gpu", (long) r.nextInt(3)) : Map.of();
        return new Resources(r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(scale), r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(scale) * 1_000_000L,
                r.nextInt(scale / 100 + 2), r.nextInt(4) == 0 ? r.nextInt(scale) : 0, gpu);
    }
}
