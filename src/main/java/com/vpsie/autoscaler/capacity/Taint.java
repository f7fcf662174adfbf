package com.vpsie.autoscaler.capacity;

/** A node taint: {@code key=value:effect}. */
public record Taint(String key, String value, String effect) {
    public Taint {
        value = value == null ? "" : value;
    }

    /** Effects that keep a pod that does not tolerate them off the node. */
    public boolean repels() {
        return "NoSchedule".equals(effect) || "NoExecute".equals(effect);
    }

    @Override
    public String toString() {
        return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
    }
}
