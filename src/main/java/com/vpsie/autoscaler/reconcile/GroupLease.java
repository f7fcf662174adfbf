package com.vpsie.autoscaler.reconcile;

import java.util.Optional;

/**
 * Serialises actors on one node group across replicas: only the holder acts. A holder that dies
 * loses the lease when it expires, so nothing waits on a dead replica for longer than that.
 */
public interface GroupLease {

    /**
     * Takes or renews the lease of a group.
     *
     * @return empty when taken; otherwise who holds it
     */
    Optional<String> acquire(String group);

    /** Gives the lease up early so another replica need not wait for it to expire. */
    void release(String group);
}
