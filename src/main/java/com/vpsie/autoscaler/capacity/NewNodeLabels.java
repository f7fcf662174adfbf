package com.vpsie.autoscaler.capacity;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A new node's labels: its group's, shared by every node of the group, plus its own hostname and
 * the group label. Estimates make thousands of nodes per plan and only ever look labels up, so
 * the whole map is built only if someone walks it. Immutable, and equal to any map with the same
 * entries.
 */
final class NewNodeLabels extends AbstractMap<String, String> {
    private final Map<String, String> shared;
    private final String hostname;
    private final String group;
    private volatile Map<String, String> whole;

    /** @param groupLabels the group's labels; a hostname or group label among them is overridden */
    NewNodeLabels(Map<String, String> groupLabels, String hostname, String group) {
        this.shared = groupLabels;
        this.hostname = hostname;
        this.group = group;
    }

    @Override
    public String get(Object key) {
        if (Node.HOSTNAME_LABEL.equals(key)) {
            return hostname;
        }
        return Node.GROUP_LABEL.equals(key) ? group : shared.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return Node.HOSTNAME_LABEL.equals(key) || Node.GROUP_LABEL.equals(key) || shared.containsKey(key);
    }

    @Override
    public int size() {
        return whole().size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return whole().entrySet();
    }

    private Map<String, String> whole() {
        Map<String, String> w = whole;
        if (w == null) {
            Map<String, String> all = new HashMap<>(shared);
            all.put(Node.HOSTNAME_LABEL, hostname);
            all.put(Node.GROUP_LABEL, group);
            w = Map.copyOf(all);
            whole = w;
        }
        return w;
    }
}
