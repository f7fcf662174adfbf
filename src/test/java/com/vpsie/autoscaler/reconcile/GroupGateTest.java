package com.vpsie.autoscaler.reconcile;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class GroupGateTest {

    @Test
    void aStormOfFiftyTriggersCostsAFewRunsNeverOverlapping() throws Exception {
        GroupGate gate = new GroupGate();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return gate.run("g", () -> {
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    runs.incrementAndGet();
                    sleep(50);
                    concurrent.decrementAndGet();
                    return "ran";
                }, () -> "coalesced");
            }));
        }
        start.countDown();
        int ran = 0;
        for (Future<String> f : answers) {
            if (f.get(10, TimeUnit.SECONDS).equals("ran")) {
                ran++;
            }
        }
        pool.shutdown();
        assertThat(maxConcurrent.get()).as("runs of one group never overlap").isEqualTo(1);
        assertThat(runs.get() >= 1 && runs.get() <= 3).as("runs: " + runs.get()).isTrue();
        assertThat(ran >= 1 && ran <= runs.get()).as("callers that ran: " + ran).isTrue();
    }

    @Test
    void aTriggerAfterARunFinishedRunsAgain() {
        GroupGate gate = new GroupGate();
        AtomicInteger runs = new AtomicInteger();
        gate.run("g", runs::incrementAndGet, () -> -1);
        gate.run("g", runs::incrementAndGet, () -> -1);
        assertThat(runs.get()).isEqualTo(2);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void triggersArrivingDuringARunWaitTheDebounceAndFoldIntoOneFollowUp() throws Exception {
        GroupGate gate = new GroupGate(java.time.Duration.ofMillis(200));
        AtomicInteger runs = new AtomicInteger();
        List<Long> startedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        Future<String> first = pool.submit(() -> gate.run("g", () -> {
            startedAt.add(System.nanoTime() - t0);
            runs.incrementAndGet();
            firstRunning.countDown();
            sleep(100);
            return "ran";
        }, () -> "coalesced"));
        firstRunning.await();
        List<Future<String>> late = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            late.add(pool.submit(() -> gate.run("g", () -> "ran", () -> "coalesced")));
        }
        for (Future<String> f : late) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("coalesced");
        }
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
        pool.shutdown();
        // The six triggers became one follow-up, run by the first caller once the debounce was over.
        assertThat(runs.get()).isEqualTo(2);
        assertThat(startedAt.get(1) - startedAt.get(0) >= TimeUnit.MILLISECONDS.toNanos(300)).as("the follow-up waited the 100 ms run plus the 200 ms debounce, started after " + (startedAt.get(1) - startedAt.get(0)) / 1_000_000 + " ms").isTrue();
    }
}
