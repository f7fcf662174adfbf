package com.vpsie.autoscaler.cluster;

/** Starts a {@link KubeMock} for a test class's static field (a TestPropertyProvider needs its URL before injection). */
final class KubeMockHolder {
    private KubeMockHolder() {
    }

    static KubeMock start() {
        try {
            return new KubeMock();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the Kubernetes API mock", e);
        }
    }
}
