package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One adder at a time per VPSie cluster, across node groups and replicas. VPSie's add may answer
 * only {@code true} and its listing names no group, so a new worker is recognised as "the one that
 * was not listed before": exact only while nobody else adds to that VPSie cluster. Held from
 * before an add until its worker is identified or its intent written as unidentified; a group
 * that leaves an unidentified intent in status keeps the others out through that status
 * ({@link Reconciler}) until garbage collection identifies or drops it.
 */
@jakarta.inject.Singleton
public final class AddLock {
    private final GroupLease leases;
    /** VPSie cluster → the group of this replica that holds its lock. */
    private final Map<String, String> local = new HashMap<>();

    public AddLock(GroupLease leases) {
        this.leases = leases;
    }

    /** Takes or renews the lock of a VPSie cluster for one group. */
    public synchronized LockAnswer take(String clusterId, String group) {
        String here = local.get(clusterId);
        if (here != null && !here.equals(group)) {
            return LockAnswer.heldBy("group " + here + " of this replica");
        }
        LockAnswer answer = leases.acquire(leaseName(clusterId));
        if (answer instanceof LockAnswer.Acquired) {
            local.put(clusterId, group);
        }
        return answer;
    }

    public synchronized void release(String clusterId, String group) {
        if (group.equals(local.get(clusterId))) {
            local.remove(clusterId);
            leases.release(leaseName(clusterId));
        }
    }

    /** A Lease name (DNS subdomain) for a VPSie cluster identifier. */
    static String leaseName(String clusterId) {
        String safe = clusterId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return "adds-" + (safe.length() > 40 ? safe.substring(0, 40) : safe);
    }
}
