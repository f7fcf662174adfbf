package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The sandbox runs one instance over one simulated cluster, so the Lease is always this
 * instance's; within it the reconcile gate already keeps one run per group.
 */
@Singleton
@Requires(env = "sandbox")
@Requires(property = "autoscaler.cluster", value = "simulated")
public class InProcessLeases implements GroupLease {
    @Override
    public LockAnswer acquire(String group) {
        return LockAnswer.ACQUIRED;
    }

    @Override
    public void release(String group) {
        // nothing held outside this process
    }
}
