package com.vpsie.autoscaler.capacity;

import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of node resources: CPU in millicores, memory and ephemeral storage in bytes, a pod
 * count, and extended resources (such as {@code nvidia.com/gpu}) in whole units.
 */
public record Resources(long milliCpu, long memoryBytes, long pods, long ephemeralStorageBytes, Map<String, Long> extended) {
    public static final Resources NONE = new Resources(0, 0, 0, 0, Map.of());
    public static final Resources ONE_POD = new Resources(0, 0, 1, 0, Map.of());

    public Resources {
        extended = Map.copyOf(extended);
    }

    public static Resources of(long milliCpu, long memoryBytes, long pods) {
        return new Resources(milliCpu, memoryBytes, pods, 0, Map.of());
    }

    /**
     * Reads a Kubernetes resource list ({@code {"cpu":"500m","memory":"1Gi"}}). Unknown names are
     * kept as extended resources; {@code hugepages-*} and friends are treated the same way.
     */
    public static Resources fromQuantities(Map<String, String> list) {
        if (list == null || list.isEmpty()) {
            return NONE;
        }
        long cpu = 0;
        long memory = 0;
        long pods = 0;
        long storage = 0;
        Map<String, Long> extended = null;  // most lists name only cpu and memory
        for (Map.Entry<String, String> e : list.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException(e.getKey() + ": expected a quantity such as 500m or 2Gi, got null");
            }
            if (e.getValue().trim().startsWith("-")) {
                // Kubernetes refuses negative requests and capacities; read as given they would make room from nothing.
                throw new IllegalArgumentException(e.getKey() + ": expected a quantity of 0 or more, got " + e.getValue());
            }
            try {
                switch (e.getKey()) {
                    case "cpu" -> cpu = Quantity.milli(e.getValue());
                    case "memory" -> memory = Quantity.units(e.getValue());
                    case "pods" -> pods = Quantity.units(e.getValue());
                    case "ephemeral-storage" -> storage = Quantity.units(e.getValue());
                    default -> {
                        extended = extended == null ? new TreeMap<>() : extended;
                        extended.put(e.getKey(), Quantity.units(e.getValue()));
                    }
                }
            } catch (ArithmeticException tooLarge) {
                throw new IllegalArgumentException(e.getKey() + ": expected a quantity below 2^63 " + ("cpu".equals(e.getKey()) ? "millicores" : "units")
                        + ", got " + e.getValue());
            } catch (IllegalArgumentException notAQuantity) {
                throw new IllegalArgumentException(e.getKey() + ": " + notAQuantity.getMessage(), notAQuantity);
            }
        }
        return new Resources(cpu, memory, pods, storage, extended == null ? Map.of() : extended);
    }

    public Resources plus(Resources o) {
        return new Resources(milliCpu + o.milliCpu, memoryBytes + o.memoryBytes, pods + o.pods,
                ephemeralStorageBytes + o.ephemeralStorageBytes, combine(extended, o.extended, 1));
    }

    public Resources minus(Resources o) {
        return new Resources(milliCpu - o.milliCpu, memoryBytes - o.memoryBytes, pods - o.pods,
                ephemeralStorageBytes - o.ephemeralStorageBytes, combine(extended, o.extended, -1));
    }

    /** As {@code minus(requests.plus(ONE_POD))}: the room a pod with these requests takes, in one step (the planner's hot path). */
    public Resources minusPod(Resources requests) {
        return new Resources(milliCpu - requests.milliCpu, memoryBytes - requests.memoryBytes, pods - requests.pods - 1,
                ephemeralStorageBytes - requests.ephemeralStorageBytes, combine(extended, requests.extended, -1));
    }

    /** As {@code minusPod(requests)} {@code k} times: the room {@code k} pods with these requests take. */
    public Resources minusPods(Resources requests, long k) {
        if (k == 0) {
            return this;
        }
        return new Resources(milliCpu - k * requests.milliCpu, memoryBytes - k * requests.memoryBytes, pods - k * (requests.pods + 1),
                ephemeralStorageBytes - k * requests.ephemeralStorageBytes,
                requests.extended.isEmpty() ? extended : combine(extended, requests.times(k).extended, -1));
    }

    /** As {@code plus(requests.plus(ONE_POD))}: the room a pod with these requests gives back. */
    public Resources plusPod(Resources requests) {
        return new Resources(milliCpu + requests.milliCpu, memoryBytes + requests.memoryBytes, pods + requests.pods + 1,
                ephemeralStorageBytes + requests.ephemeralStorageBytes, combine(extended, requests.extended, 1));
    }

    /** Per-dimension maximum: how init containers combine with the app containers. */
    public Resources max(Resources o) {
        Map<String, Long> ext = new TreeMap<>(extended);
        o.extended.forEach((k, v) -> ext.merge(k, v, Math::max));
        return new Resources(Math.max(milliCpu, o.milliCpu), Math.max(memoryBytes, o.memoryBytes),
                Math.max(pods, o.pods), Math.max(ephemeralStorageBytes, o.ephemeralStorageBytes), ext);
    }

    /**
     * Whether {@code demand} fits in this free room; if not, the first dimension that does not fit,
     * worded for a person ("needs 1 CPU, 500m free").
     */
    public Rejection shortfall(Resources demand) {
        return shortfall(demand, "%s free");
    }

    /** As {@link #shortfall(Resources)}, worded for a node group's size ("needs 40 CPU, size has 15.9 allocatable"). */
    public Rejection shortfallOfSize(Resources demand) {
        return shortfall(demand, "size has %s allocatable");
    }

    private Rejection shortfall(Resources demand, String have) {
        if (demand.milliCpu > milliCpu) {
            return Rejection.insufficient("cpu", Quantity.formatMilliCpu(demand.milliCpu) + " CPU", have.formatted(Quantity.formatMilliCpu(Math.max(0, milliCpu))));
        }
        if (demand.memoryBytes > memoryBytes) {
            return Rejection.insufficient("memory", Quantity.formatBytes(demand.memoryBytes) + " memory",
                    have.formatted(Quantity.formatBytes(Math.max(0, memoryBytes))));
        }
        if (demand.pods > pods) {
            return Rejection.noPodSlot(have.formatted(Math.max(0, pods) + " pod slot(s)"));
        }
        if (demand.ephemeralStorageBytes > ephemeralStorageBytes) {
            return Rejection.insufficient("ephemeral-storage", Quantity.formatBytes(demand.ephemeralStorageBytes) + " ephemeral-storage",
                    have.formatted(Quantity.formatBytes(Math.max(0, ephemeralStorageBytes))));
        }
        for (Map.Entry<String, Long> e : demand.extended.entrySet()) {
            long free = extended.getOrDefault(e.getKey(), 0L);
            if (e.getValue() > free) {
                return Rejection.insufficient(e.getKey(), e.getValue() + " " + e.getKey(), have.formatted(Math.max(0, free) + ""));
            }
        }
        return null;
    }

    /**
     * The largest fraction of {@code capacity} this amount takes in any dimension the capacity has
     * (dominant resource share), used to order pods largest first.
     */
    public double dominantShare(Resources capacity) {
        double share = Math.max(ratio(milliCpu, capacity.milliCpu), ratio(memoryBytes, capacity.memoryBytes));
        share = Math.max(share, Math.max(ratio(pods, capacity.pods), ratio(ephemeralStorageBytes, capacity.ephemeralStorageBytes)));
        for (Map.Entry<String, Long> e : extended.entrySet()) {
            share = Math.max(share, ratio(e.getValue(), capacity.extended.getOrDefault(e.getKey(), 0L)));
        }
        return share;
    }

    static double ratio(long used, long capacity) {
        return capacity <= 0 ? (used > 0 ? Double.MAX_VALUE : 0) : (double) used / capacity;
    }

    /** Whether a pod requesting {@code requests} fits, counting its pod slot; allocation-free. */
    public boolean fitsWithPodSlot(Resources requests) {
        return pods >= requests.pods + 1 && fits(requests);
    }

    /**
     * How many pods requesting {@code requests} fit one after another, each with its pod slot:
     * the largest k for which {@link #fitsWithPodSlot} holds for each of them in turn.
     */
    public long copiesWithPodSlot(Resources requests) {
        long k = copies(pods, requests.pods + 1);
        k = Math.min(k, copies(milliCpu, requests.milliCpu));
        k = Math.min(k, copies(memoryBytes, requests.memoryBytes));
        k = Math.min(k, copies(ephemeralStorageBytes, requests.ephemeralStorageBytes));
        for (Map.Entry<String, Long> e : requests.extended.entrySet()) {
            k = Math.min(k, copies(extended.getOrDefault(e.getKey(), 0L), e.getValue()));
        }
        return Math.max(0, k);
    }

    /** Copies of {@code each} within {@code room}; a dimension not asked for limits nothing unless it is already overdrawn. */
    private static long copies(long room, long each) {
        if (each <= 0) {
            return room >= each ? Long.MAX_VALUE : 0;
        }
        return room < 0 ? 0 : room / each;
    }

    /** This amount {@code k} times over. */
    public Resources times(long k) {
        Map<String, Long> ext = extended.isEmpty() ? Map.of() : new TreeMap<>();
        extended.forEach((key, v) -> ext.put(key, v * k));
        return new Resources(milliCpu * k, memoryBytes * k, pods * k, ephemeralStorageBytes * k, ext);
    }

    /** Every dimension of {@code demand} within this room; allocation-free, on the planner's hot path. */
    public boolean fits(Resources demand) {
        if (demand.milliCpu > milliCpu || demand.memoryBytes > memoryBytes || demand.pods > pods
                || demand.ephemeralStorageBytes > ephemeralStorageBytes) {
            return false;
        }
        for (Map.Entry<String, Long> e : demand.extended.entrySet()) {
            if (e.getValue() > extended.getOrDefault(e.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Long> combine(Map<String, Long> a, Map<String, Long> b, int sign) {
        if (b.isEmpty()) {
            return a;
        }
        Map<String, Long> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, sign * v, Long::sum));
        return out;
    }
}
