package com.vpsie.autoscaler.reconcile;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One reconcile per node group at a time within this instance. A trigger that arrives while one
 * runs is folded into at most one follow-up run, made by the caller already running after a short
 * debounce ({@code autoscaler.reconcile.debounce}), so a storm of N triggers costs two reconciles.
 */
@Singleton
public class GroupGate {
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    /** How long a follow-up waits, so triggers of one storm still arriving fold into it. */
    private final Duration debounce;

    @Inject
    public GroupGate(ReconcileConfig config) {
        this(config.debounce());
    }

    public GroupGate(Duration debounce) {
        this.debounce = debounce;
    }

    public GroupGate() {
        this(Duration.ZERO);
    }

    private static final class Slot {
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicBoolean followUp = new AtomicBoolean();
    }

    /**
     * Runs {@code work} now, or, if a run for this group is in progress, asks that run to go once
     * more and returns {@code whenBusy}'s answer.
     */
    public <T> T run(String group, Supplier<T> work, Supplier<T> whenBusy) {
        Slot slot = slots.computeIfAbsent(group, g -> new Slot());
        slot.followUp.set(true);
        T first = null;
        boolean ran = false;
        // Re-checked after releasing: a request made between the last run and the release is not lost.
        while (slot.followUp.get()) {
            if (!slot.running.compareAndSet(false, true)) {
                break;
            }
            try {
                while (slot.followUp.compareAndSet(true, false)) {
                    if (ran) {
                        pause();
                        slot.followUp.set(false);
                    }
                    T result = work.get();
                    if (!ran) {
                        first = result;
                        ran = true;
                    }
                }
            } finally {
                slot.running.set(false);
            }
        }
        return ran ? first : whenBusy.get();
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
