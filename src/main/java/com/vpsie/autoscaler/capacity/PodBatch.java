package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pending pods of one shape (same requests, namespace, labels and placement rules), planned
 * together. {@code monotone}: a node that refuses one of them refuses every later one too, since
 * placing pods only ever takes room away; topology spreading is the exception (a rising global
 * minimum can open a domain again).
 */
record PodBatch(Pod.Shape shape, List<Pod> pods) {
    /** Pods grouped by shape, in the order given. */
    static List<PodBatch> byShape(List<Pod> pods) {
        Map<Pod.Shape, List<Pod>> byShape = new LinkedHashMap<>();
        Pod.Shape last = null;
        List<Pod> lastPods = null;
        for (Pod p : pods) {
            // Sorted pods of one shape mostly come one after another: comparing with the last shape costs less than hashing a new one.
            if (last == null || !last.of(p)) {
                last = p.shape();
                lastPods = byShape.computeIfAbsent(last, s -> new ArrayList<>());
            }
            lastPods.add(p);
        }
        List<PodBatch> out = new ArrayList<>();
        byShape.forEach((s, l) -> out.add(new PodBatch(s, l)));
        return out;
    }

    /** The batches without the pods placed, empty batches dropped. */
    static List<PodBatch> without(List<PodBatch> batches, List<Pod> placed) {
        Set<Pod> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(placed);
        List<PodBatch> out = new ArrayList<>();
        for (PodBatch b : batches) {
            List<Pod> left = b.pods().stream().filter(p -> !gone.contains(p)).toList();
            if (!left.isEmpty()) {
                out.add(new PodBatch(b.shape(), left));
            }
        }
        return out;
    }

    boolean monotone() {
        return shape.spread().isEmpty();
    }

    Pod first() {
        return pods.get(0);
    }

    Cursor cursor() {
        return new Cursor(monotone());
    }

    /**
     * Where the first fit of the batch's next pod may start. Every node before it refused the
     * batch's last pod, and refuses this one (the same shape) too: room and host ports only get
     * taken and matching pods only get added. Spreading is the exception: a rising global minimum
     * can open a domain again, so then the search starts over.
     */
    static final class Cursor {
        private final boolean monotone;
        private int at;
        private int[] minimums;

        private Cursor(boolean monotone) {
            this.monotone = monotone;
        }

        int from(PreFilterState state) {
            boolean same = monotone || minimums != null && !rose(minimums, state.spreadMinimums());
            minimums = state.spreadMinimums();
            if (!same) {
                at = 0;
            }
            return at;
        }

        void placedAt(int index) {
            at = index;
        }

        private static boolean rose(int[] before, int[] now) {
            for (int i = 0; i < now.length; i++) {
                if (now[i] > before[i]) {
                    return true;
                }
            }
            return false;
        }
    }
}
