package com.vpsie.autoscaler.capacity;

import java.util.List;

/**
 * Pending pods of one shape (same requests, namespace, labels and placement rules), planned
 * together. {@code monotone}: a node that refuses one of them refuses every later one too, since
 * placing pods only ever takes room away; topology spreading is the exception (a rising global
 * minimum can open a domain again).
 */
record PodBatch(Pod.Shape shape, List<Pod> pods) {
    boolean monotone() {
        return shape.spread().isEmpty();
    }

    Pod first() {
        return pods.get(0);
    }
}
