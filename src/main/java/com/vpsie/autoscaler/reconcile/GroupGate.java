package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.config.ReconcileConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One action per node group at a time within this instance: a reconcile, a manual scale (with its
 * drain), a replacement's step. Triggers that arrive while an action runs are folded into at most
 * one follow-up reconcile, made by the caller already running after a short debounce
 * ({@code autoscaler.reconcile.debounce}), so a storm of N triggers costs two reconciles. An
 * exclusive action (a manual scale) is never folded: it runs alone, or is refused naming what is
 * in flight. Across replicas the group's Lease does the same; this gate is what keeps two threads
 * of one pod apart, since a Lease held by this pod is this pod's for every thread in it.
 */
@Singleton
public class GroupGate {
    private static final Logger LOG = LoggerFactory.getLogger(GroupGate.class);

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    /** How long a follow-up waits, so triggers of one storm still arriving fold into it. */
    private final Duration debounce;
    private final Clock clock;

    @Inject
    public GroupGate(ReconcileConfig config, Clock clock) {
        this(config.debounce(), clock);
    }

    public GroupGate(Duration debounce, Clock clock) {
        this.debounce = debounce;
        this.clock = clock;
    }

    public GroupGate(Duration debounce) {
        this(debounce, Clock.systemUTC());
    }

    public GroupGate() {
        this(Duration.ZERO);
    }

    /** What holds a group's gate now, and since when: named to a caller refused because of it. */
    public record InFlight(String what, Instant since, boolean exclusive) {
    }

    /** Guarded by its own monitor. */
    private static final class Slot {
        InFlight holder;
        boolean followUp;
    }

    /**
     * Runs {@code work} now, or, if an action on this group is in progress, asks that action to be
     * followed by one more reconcile and returns {@code whenBusy}'s answer.
     */
    public <T> T run(String group, Supplier<T> work, Supplier<T> whenBusy) {
        Slot slot = slots.computeIfAbsent(group, g -> new Slot());
        boolean busy;
        synchronized (slot) {
            busy = slot.holder != null;
            if (busy) {
                slot.followUp = true;
            } else {
                slot.holder = new InFlight("a reconcile", clock.instant(), false);
                slot.followUp = false;
            }
        }
        if (busy) {
            return whenBusy.get();
        }
        T first = null;
        boolean ran = false;
        boolean freed = false;
        try {
            while (true) {
                T result = work.get();
                if (!ran) {
                    first = result;
                    ran = true;
                }
                if (!again(slot)) {
                    freed = true;
                    break;
                }
                pause();
                synchronized (slot) {
                    // Triggers that arrived during the debounce fold into the run about to start.
                    slot.followUp = false;
                }
            }
        } finally {
            if (!freed) {
                free(slot);
            }
        }
        return first;
    }

    /**
     * Runs {@code work} alone on the group: waits up to {@code wait} for a reconcile in progress to
     * end, but never for another exclusive action, and answers {@code whenBusy} with what holds the
     * gate instead of running. Triggers folded into it while it runs get their follow-up
     * ({@code followUp}) before the gate is given up.
     */
    public <T> T exclusive(String group, String what, Duration wait, Supplier<T> work, Runnable followUp, Function<InFlight, T> whenBusy) {
        Slot slot = slots.computeIfAbsent(group, g -> new Slot());
        InFlight busy = null;
        synchronized (slot) {
            long until = System.nanoTime() + Math.max(0, wait.toNanos());
            while (slot.holder != null && busy == null) {
                long left = until - System.nanoTime();
                if (slot.holder.exclusive() || left <= 0) {
                    busy = slot.holder;
                } else {
                    waitOn(slot, left);
                }
            }
            if (busy == null) {
                slot.holder = new InFlight(what, clock.instant(), true);
                slot.followUp = false;
            }
        }
        if (busy != null) {
            return whenBusy.apply(busy);
        }
        try {
            return work.get();
        } finally {
            boolean freed = false;
            try {
                while (again(slot)) {
                    followUp.run();
                }
                freed = true;
            } catch (RuntimeException e) {
                LOG.warn("follow-up reconcile of {} after {} failed: {}", group, what, e.toString());
            } finally {
                if (!freed) {
                    free(slot);
                }
            }
        }
    }

    /**
     * Whether a trigger arrived since the last look, clearing it: then the holder runs once more.
     * Otherwise gives the slot up, in the same step, so that no trigger falls between the last look
     * and the release.
     */
    private static boolean again(Slot slot) {
        synchronized (slot) {
            if (slot.followUp) {
                slot.followUp = false;
                return true;
            }
            free(slot);
            return false;
        }
    }

    private static void free(Slot slot) {
        synchronized (slot) {
            slot.holder = null;
            slot.notifyAll();
        }
    }

    private static void waitOn(Object monitor, long nanos) {
        try {
            monitor.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a group's gate", e);
        }
    }

    private void pause() {
        if (debounce.isZero() || debounce.isNegative()) {
            return;
        }
        try {
            Thread.sleep(debounce.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
