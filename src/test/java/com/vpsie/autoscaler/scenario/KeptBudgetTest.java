package com.vpsie.autoscaler.scenario;

import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.SerdeRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One memory budget for all what-ifs in progress: a body that alone fits is refused while another
 * holds most of the budget, and planned once that one gives its share back. Before, each what-if
 * had a third of the heap to itself, and eight at once filled it.
 */
class KeptBudgetTest {
    private static ApplicationContext context;
    private static ScenarioStream stream;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        stream = new ScenarioStream(context.getBean(SerdeRegistry.class));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    /** A kubectl List of pods with one label of {@code labelLength} characters each: about n × labelLength kept. */
    private static byte[] pods(int n, int labelLength) {
        StringBuilder b = new StringBuilder("{\"kind\":\"List\",\"items\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p").append(i)
                    .append("\",\"namespace\":\"default\",\"labels\":{\"big\":\"").append("x".repeat(labelLength))
                    .append("\"}},\"spec\":{\"containers\":[]},\"status\":{\"phase\":\"Pending\"}}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSecondWhatIfIsRefusedWhileTheFirstHoldsTheBudgetAndPlannedAfter() throws Exception {
        KeptBudget budget = new KeptBudget(4L << 20);
        byte[] threeMiB = pods(30, 100_000);
        KeptBudget.Share first = budget.share();
        stream.read(new ByteArrayInputStream(threeMiB), 1L << 30, 1L << 30, first);
        assertThat(budget.used()).as("the first holds what it keeps until answered").isGreaterThan(5L << 19);

        try (KeptBudget.Share second = budget.share()) {
            assertThatThrownBy(() -> stream.read(new ByteArrayInputStream(threeMiB), 1L << 30, 1L << 30, second))
                    .isInstanceOf(KeptBudget.Exhausted.class).hasMessageContaining("autoscaler.plan.max-kept-share");
        }
        assertThat(budget.used()).as("the refused one gave back what it drew").isLessThanOrEqualTo(first.held());

        first.close();
        assertThat(budget.used()).isZero();
        try (KeptBudget.Share third = budget.share()) {
            assertThat(stream.read(new ByteArrayInputStream(threeMiB), 1L << 30, 1L << 30, third).view().pods()).hasSize(30);
        }
        assertThat(budget.used()).isZero();
    }

    @Test
    void sharesDrawnFromManyThreadsNeverPassTheTotal() throws Exception {
        KeptBudget budget = new KeptBudget(10L << 20);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        java.util.List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            all.add(pool.submit(() -> {
                for (int round = 0; round < 200; round++) {
                    try (KeptBudget.Share s = budget.share()) {
                        for (long kept = 0; kept < (3L << 20); kept += 100_000) {
                            s.cover(kept);
                            peak.accumulateAndGet(budget.used(), Math::max);
                        }
                    } catch (KeptBudget.Exhausted refused) {
                        // another thread holds it: the refusal is the point
                    }
                }
            }));
        }
        for (java.util.concurrent.Future<?> f : all) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(peak.get()).isLessThanOrEqualTo(10L << 20);
        assertThat(budget.used()).isZero();
    }
}
