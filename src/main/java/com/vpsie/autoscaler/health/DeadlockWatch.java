package com.vpsie.autoscaler.health;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Liveness: DOWN, naming the threads, when some are deadlocked, so the process is restarted. The
 * scan stops every thread at a safepoint, so it is not run per request (as Micronaut's own
 * indicator is): {@code GET /health} needs no token, and a scan per probe would let anyone stall
 * the function. One scan serves every probe for {@link #FRESH_FOR}.
 */
@Singleton
@Liveness
public class DeadlockWatch implements HealthIndicator {
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final Clock clock;
    private final Supplier<List<String>> scan;
    private volatile Seen last;

    private record Seen(Instant at, HealthResult result) {
    }

    @Inject
    public DeadlockWatch(Clock clock) {
        this(clock, DeadlockWatch::deadlockedThreads);
    }

    DeadlockWatch(Clock clock, Supplier<List<String>> scan) {
        this.clock = clock;
        this.scan = scan;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(result());
    }

    HealthResult result() {
        Instant now = clock.instant();
        Seen seen = last;
        if (seen == null || !now.isBefore(seen.at().plus(FRESH_FOR)) || now.isBefore(seen.at())) {
            List<String> deadlocked = scan.get();
            HealthResult.Builder b = HealthResult.builder("deadlockedThreads", deadlocked.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN);
            b.details(deadlocked.isEmpty() ? Map.of("checkedAt", now.toString()) : Map.of("checkedAt", now.toString(), "threads", deadlocked));
            seen = new Seen(now, b.build());
            last = seen;
        }
        return seen.result();
    }

    private static List<String> deadlockedThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return List.of();
        }
        return Arrays.stream(threads.getThreadInfo(ids)).filter(t -> t != null).map(ThreadInfo::getThreadName).sorted().toList();
    }
}
