package com.vpsie.autoscaler.scenario;

import com.vpsie.autoscaler.capacity.AffinityTerm;
import com.vpsie.autoscaler.capacity.HostPort;
import com.vpsie.autoscaler.capacity.LabelRequirement;
import com.vpsie.autoscaler.capacity.LabelSelector;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.capacity.Pdb;
import com.vpsie.autoscaler.capacity.Pod;
import com.vpsie.autoscaler.capacity.SpreadConstraint;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.capacity.Toleration;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What one body's planner view keeps in memory, about, counted as each object is translated, and
 * bounded. Every pod and node stays in the view until the plan, with its names, labels, selectors
 * and tolerations, so what a body keeps, not its size on the wire, is what can fill the heap. A
 * string is counted as a byte per character (compact strings) plus what the JVM spends on any
 * string ({@link #STRING}).
 */
final class KeptText {
    /** A String and its array's headers and fields on a 64-bit JVM, rounded up: small strings cost more than their text. */
    static final int STRING = 48;
    /** How many times its bytes in the body an object kept whole counts. */
    static final int WHOLE = 8;
    private final long limit;
    private final KeptBudget.Share share;
    private long kept;

    /** @param limit the most bytes kept */
    KeptText(long limit) {
        this(limit, null);
    }

    /** @param share drawn from as the count grows, so that all what-ifs in progress stay within one budget; none for a body already read */
    KeptText(long limit, KeptBudget.Share share) {
        this.limit = limit;
        this.share = share;
    }

    void pod(Pod p) {
        long n = length(p.namespace()) + length(p.name()) + length(p.phase().wire()) + length(p.nodeName()) + length(p.nominatedNodeName())
                + length(p.ownerKind()) + map(p.labels()) + map(p.annotations()) + map(p.nodeSelector()) + map(p.requests().extended());
        for (List<LabelRequirement> term : p.nodeAffinity().terms()) {
            n += requirements(term);
        }
        for (Toleration t : p.tolerations()) {
            n += length(t.key()) + length(t.operator()) + length(t.value()) + length(t.effect());
        }
        for (AffinityTerm t : p.antiAffinity()) {
            n += selector(t.selector()) + length(t.topologyKey()) + strings(t.namespaces());
        }
        for (SpreadConstraint c : p.spread()) {
            n += selector(c.selector()) + length(c.topologyKey());
        }
        for (HostPort h : p.hostPorts()) {
            n += length(h.ip()) + length(h.protocol());
        }
        add(n);
    }

    void node(Node node) {
        long n = length(node.name()) + length(node.nodeGroup()) + map(node.labels()) + map(node.annotations())
                + map(node.allocatable().extended());
        for (Taint t : node.taints()) {
            n += length(t.key()) + length(t.value()) + length(t.effect());
        }
        add(n);
    }

    /**
     * An object the view keeps nearly whole (a NodeGroup with its status, a VPSie size or node
     * group), counted by its bytes in the body {@link #WHOLE} times over: few in a real body, so
     * counting high costs nothing, and many small fields cost more than their text.
     */
    void whole(long bodyBytes) {
        add(WHOLE * bodyBytes);
    }

    void pdb(Pdb b) {
        add(length(b.namespace()) + length(b.name()) + selector(b.selector()));
    }

    private void add(long n) {
        kept += n;
        if (kept > limit) {
            throw ScenarioStream.TooLarge.kept(limit);
        }
        if (share != null) {
            share.cover(kept);
        }
    }

    private static long selector(LabelSelector s) {
        return s == null ? 0 : map(s.matchLabels()) + requirements(s.matchExpressions());
    }

    private static long requirements(List<LabelRequirement> rs) {
        long n = 0;
        for (LabelRequirement r : rs) {
            n += length(r.key()) + length(r.operator()) + strings(r.values());
        }
        return n;
    }

    private static long map(Map<String, ?> m) {
        long n = 0;
        for (Map.Entry<String, ?> e : m.entrySet()) {
            n += length(e.getKey()) + (e.getValue() instanceof String s ? length(s) : Long.BYTES);
        }
        return n;
    }

    private static long strings(Collection<String> values) {
        long n = 0;
        for (String v : values) {
            n += length(v);
        }
        return n;
    }

    private static long length(String s) {
        return s == null ? 0 : STRING + s.length();
    }
}
