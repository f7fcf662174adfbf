package com.vpsie.autoscaler.reconcile;

import jakarta.inject.Singleton;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One reconcile per node group at a time within this instance. A trigger that arrives while one
 * runs is folded into at most one follow-up run, made by the caller already running, so a storm of
 * N triggers costs at most two reconciles.
 */
@Singleton
public class GroupGate {
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

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
}
