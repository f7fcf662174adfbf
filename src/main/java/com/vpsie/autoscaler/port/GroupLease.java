package com.vpsie.autoscaler.port;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Serialises actors on one node group across replicas: only the holder acts. A holder that dies
 * loses the lease when it expires, so nothing waits on a dead replica for longer than that.
 */
public interface GroupLease {

    /** Takes or renews the lease of a group. */
    LockAnswer acquire(String group);

    /** Who this instance is when it holds a lease: the name other replicas see. */
    default String holder() {
        return "this instance";
    }

    /** Gives the lease up early so another replica need not wait for it to expire. */
    void release(String group);

    /**
     * Runs {@code work} holding the group's lease and gives it up afterwards; when another replica
     * holds it, answers {@code whenHeldBy} of that holder instead and does nothing.
     */
    default <T> T holding(String group, Function<String, T> whenHeldBy, Supplier<T> work) {
        if (acquire(group) instanceof LockAnswer.HeldBy other) {
            return whenHeldBy.apply(other.holder());
        }
        try {
            return work.get();
        } finally {
            release(group);
        }
    }
}
