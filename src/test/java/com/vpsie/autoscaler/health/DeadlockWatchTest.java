package com.vpsie.autoscaler.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlockWatchTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void oneScanServesEveryProbeForFiveSecondsThenTheNextProbeScansAgain() {
        AtomicInteger scans = new AtomicInteger();
        AtomicReference<List<String>> deadlocked = new AtomicReference<>(List.of());
        DeadlockWatch watch = new DeadlockWatch(clock, () -> {
            scans.incrementAndGet();
            return deadlocked.get();
        });
        for (int i = 0; i < 1000; i++) {
            assertThat(watch.result().getStatus()).isEqualTo(HealthStatus.UP);
        }
        assertThat(scans).hasValue(1);

        deadlocked.set(List.of("reconcile-1", "vpsie-add"));
        now.set(now.get().plus(DeadlockWatch.FRESH_FOR).minusMillis(1));
        assertThat(watch.result().getStatus()).as("still the first scan's answer").isEqualTo(HealthStatus.UP);
        now.set(now.get().plusMillis(1));
        HealthResult down = watch.result();
        assertThat(scans).hasValue(2);
        assertThat(down.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(down.getDetails().toString()).contains("reconcile-1", "vpsie-add");

        now.set(now.get().minus(Duration.ofMinutes(1)));
        watch.result();
        assertThat(scans).as("a clock stepped back does not keep an old answer").hasValue(3);
    }

    @Test
    void theRealScanNamesTwoThreadsDeadlockedOnEachOthersLocks() throws Exception {
        // Locks taken interruptibly, so the deadlock is broken when the test ends: other tests in
        // this JVM ask the same liveness check and must not see it.
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread first = new Thread(() -> lockBoth(a, b, bothHoldOne), "deadlock-test-first");
        Thread second = new Thread(() -> lockBoth(b, a, bothHoldOne), "deadlock-test-second");
        DeadlockWatch watch = new DeadlockWatch(clock);
        assertThat(watch.result().getStatus()).as("no deadlock yet").isEqualTo(HealthStatus.UP);
        try {
            first.start();
            second.start();
            bothHoldOne.await();
            assertThat(watch.result().getStatus()).as("the cached answer holds for five seconds").isEqualTo(HealthStatus.UP);
            long deadline = System.currentTimeMillis() + 5_000;
            HealthResult down;
            do {
                now.set(now.get().plus(DeadlockWatch.FRESH_FOR));
                down = watch.result();
            } while (down.getStatus() != HealthStatus.DOWN && System.currentTimeMillis() < deadline);
            assertThat(down.getStatus()).isEqualTo(HealthStatus.DOWN);
            assertThat(down.getDetails().toString()).contains("deadlock-test-first", "deadlock-test-second");
        } finally {
            first.interrupt();
            second.interrupt();
            first.join(5_000);
            second.join(5_000);
        }
        now.set(now.get().plus(DeadlockWatch.FRESH_FOR));
        assertThat(watch.result().getStatus()).as("the deadlock broken, liveness is UP again").isEqualTo(HealthStatus.UP);
    }

    private static void lockBoth(ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHoldOne) {
        try {
            mine.lockInterruptibly();
            try {
                bothHoldOne.countDown();
                bothHoldOne.await();
                theirs.lockInterruptibly();
                theirs.unlock();
            } finally {
                mine.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
