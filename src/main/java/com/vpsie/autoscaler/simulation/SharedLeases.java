package com.vpsie.autoscaler.simulation;

import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulated cluster's Leases, shared by all simulated replicas, with the Kubernetes adapter's
 * rules: one holder per group, taken over only after it expires. A crashed replica never releases
 * its Leases; the others wait out the duration, as they would in a cluster.
 */
final class SharedLeases {
    private record Held(String holder, Instant expires) {
    }

    private final Clock clock;
    private final Duration duration;
    private final Map<String, Held> held = new HashMap<>();

    SharedLeases(Clock clock, Duration duration) {
        this.clock = clock;
        this.duration = duration;
    }

    /** One replica's view: its holder name, and whether it is still alive to renew or release. */
    final class View implements GroupLease {
        private final String holder;
        private volatile boolean dead;

        View(String holder) {
            this.holder = holder;
        }

        @Override
        public String holder() {
            return holder;
        }

        void die() {
            dead = true;
        }

        @Override
        public LockAnswer acquire(String group) {
            synchronized (SharedLeases.this) {
                Instant now = clock.instant();
                Held h = held.get(group);
                if (h != null && !h.holder().equals(holder) && now.isBefore(h.expires())) {
                    return LockAnswer.heldBy(h.holder());
                }
                if (dead) {
                    return LockAnswer.heldBy("(this replica crashed)");
                }
                held.put(group, new Held(holder, now.plus(duration)));
                return LockAnswer.ACQUIRED;
            }
        }

        @Override
        public void release(String group) {
            synchronized (SharedLeases.this) {
                Held h = held.get(group);
                if (!dead && h != null && h.holder().equals(holder)) {
                    held.remove(group);
                }
            }
        }
    }
}
