package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.GroupLease;
import com.vpsie.autoscaler.port.LockAnswer;
import com.vpsie.autoscaler.port.VpsiePort;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * What tests of replicas (each wired by {@code ReplicaWiring}, with state of its own) share besides
 * the sandbox's world: the cluster's Leases on the test's clock, ports a test watches or answers
 * itself at a chosen call, and a replica's death.
 */
final class Replicas {
    private Replicas() {
    }

    /** A replica stops at once, as a process that dies: an Error, which the reconciler's guard against bugs lets through. */
    static final class Died extends Error {
        Died(String where) {
            super("replica died " + where, null, false, false);
        }
    }

    /**
     * The cluster's Leases as the Kubernetes adapter keeps them: one holder per name, taken over by
     * another only once it has not been renewed for {@code duration} on {@code clock}.
     */
    static final class Leases {
        private record Held(String holder, Instant expires) {
        }

        private final Clock clock;
        private final Duration duration;
        private final Map<String, Held> held = new HashMap<>();

        Leases(Clock clock, Duration duration) {
            this.clock = clock;
            this.duration = duration;
        }

        /** One replica's view of them. */
        Lease as(String holder) {
            return new Lease(holder);
        }

        /** A replica's Leases; one that died neither renews nor releases them: they expire. */
        final class Lease implements GroupLease {
            private final String holder;
            private volatile boolean dead;

            private Lease(String holder) {
                this.holder = holder;
            }

            void die() {
                dead = true;
            }

            @Override
            public String holder() {
                return holder;
            }

            @Override
            public LockAnswer acquire(String name) {
                synchronized (Leases.this) {
                    Held h = held.get(name);
                    Instant now = clock.instant();
                    if (h != null && !h.holder().equals(holder) && now.isBefore(h.expires())) {
                        return LockAnswer.heldBy(h.holder());
                    }
                    if (dead) {
                        return LockAnswer.heldBy("(this replica died)");
                    }
                    held.put(name, new Held(holder, now.plus(duration)));
                    return LockAnswer.ACQUIRED;
                }
            }

            @Override
            public void release(String name) {
                synchronized (Leases.this) {
                    if (!dead && held.containsKey(name) && held.get(name).holder().equals(holder)) {
                        held.remove(name);
                    }
                }
            }
        }
    }

    /** The VPSie port, with each adder it hands out passed through {@code adds} (to watch the adds, or answer some itself). */
    static VpsiePort addsThrough(VpsiePort real, UnaryOperator<VpsiePort.Adder> adds) {
        return (VpsiePort) Proxy.newProxyInstance(VpsiePort.class.getClassLoader(), new Class<?>[]{VpsiePort.class}, (proxy, m, args) -> {
            Object out = forward(m, real, args);
            return m.getName().equals("adder") ? adds.apply((VpsiePort.Adder) out) : out;
        });
    }

    /** The VPSie port, with each cluster listing it answers passed through {@code listed} (to give a worker another status). */
    static VpsiePort listingThrough(VpsiePort real, UnaryOperator<java.util.List<VpsiePort.VpsieNode>> listed) {
        return (VpsiePort) Proxy.newProxyInstance(VpsiePort.class.getClassLoader(), new Class<?>[]{VpsiePort.class}, (proxy, m, args) -> {
            Object out = forward(m, real, args);
            @SuppressWarnings("unchecked")
            java.util.List<VpsiePort.VpsieNode> nodes = m.getName().equals("clusterNodes") ? (java.util.List<VpsiePort.VpsieNode>) out : null;
            return nodes == null ? out : listed.apply(nodes);
        });
    }

    /** The cluster port, with {@code after} run after each call that returned, given the method's name and arguments. */
    static ClusterPort watched(ClusterPort real, BiConsumer<String, Object[]> after) {
        return (ClusterPort) Proxy.newProxyInstance(ClusterPort.class.getClassLoader(), new Class<?>[]{ClusterPort.class}, (proxy, m, args) -> {
            Object out = forward(m, real, args);
            after.accept(m.getName(), args == null ? new Object[0] : args);
            return out;
        });
    }

    private static Object forward(java.lang.reflect.Method m, Object real, Object[] args) throws Throwable {
        try {
            return m.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
