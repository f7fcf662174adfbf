package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a node of a group differs from what a new node of the group is now, each difference typed
 * and said, and what of it can be mended in place without moving a pod: a group label missing or
 * changed, or one the group put there and no longer has (labels bind only new pods); a taint the
 * group put there and no longer has. A taint the group now has and the node lacks, another VPSie
 * size, or an older Kubernetes minor can be mended only by a new node.
 *
 * <p>What the group put on a node is recorded on it when it joins ({@value #LABELS} and
 * {@value #TAINTS}, in kubectl's {@code key=value} and {@code key=value:Effect} forms), so that
 * labels and taints others added are never touched. A node without the record is only checked for
 * what the group has now.
 */
public record Drift(String node, String group, List<Difference> differences, Fix fix) {
    public static final String LABELS = "autoscaler.vpsie.com/group-labels";
    public static final String TAINTS = "autoscaler.vpsie.com/group-taints";

    public Drift {
        differences = List.copyOf(differences);
    }

    /** What differs, as the NodesDrifted condition, Events and explain name it. */
    public enum Kind { LABELS, TAINTS, SIZE, KUBERNETES_VERSION }

    /** One difference; {@code inPlace}: mended without moving a pod. */
    public record Difference(Kind kind, boolean inPlace, String says) {
    }

    /**
     * An in-place mend: labels to set, labels and taints to remove, and the record of what the
     * group puts on its nodes now, to keep on the node.
     */
    public record Fix(Map<String, String> setLabels, Set<String> removeLabels, List<Taint> removeTaints, Map<String, String> record) {
        public Fix {
            setLabels = Map.copyOf(setLabels);
            removeLabels = Set.copyOf(removeLabels);
            removeTaints = List.copyOf(removeTaints);
            record = Map.copyOf(record);
        }
    }

    /** Whether every difference can be mended in place: then no node is replaced. */
    public boolean inPlace() {
        return differences.stream().allMatch(Difference::inPlace);
    }

    /** The differences in an operator's words. */
    public String says() {
        return differences.stream().map(Difference::says).collect(Collectors.joining("; "));
    }

    /** The record of what {@code labels} and {@code taints} put on a node, as its annotations carry it. */
    public static Map<String, String> record(Map<String, String> labels, List<Taint> taints) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(LABELS, labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
        out.put(TAINTS, taints.stream().map(Taint::toString).collect(Collectors.joining(",")));
        return out;
    }

    /**
     * How {@code n} differs from a new node of {@code g}, when drift is on for the group and it does.
     *
     * @param provisioned whether some node of the group already runs the Kubernetes minor VPSie
     *                    provisions now: only then does a new node mend an older one
     */
    static Optional<Drift> of(Node n, GroupTemplate g, boolean provisioned) {
        Upkeep.Current now = g.upkeep().drift();
        if (now == null || !g.name().equals(n.nodeGroup())) {
            return Optional.empty();
        }
        List<Difference> out = new ArrayList<>();
        Map<String, String> set = new LinkedHashMap<>();
        Set<String> remove = new LinkedHashSet<>();
        g.labels().forEach((k, v) -> {
            if (!v.equals(n.labels().get(k))) {
                set.put(k, v);
            }
        });
        Map<String, String> put = recordedLabels(n.annotations().get(LABELS));
        put.forEach((k, v) -> {
            if (!g.labels().containsKey(k) && v.equals(n.labels().get(k)) && !Node.GROUP_LABEL.equals(k) && !reserved(k)) {
                remove.add(k);
            }
        });
        if (!set.isEmpty() || !remove.isEmpty()) {
            out.add(new Difference(Kind.LABELS, true, "labels: " + words(set, remove)));
        }
        List<Taint> taken = recordedTaints(n.annotations().get(TAINTS)).stream()
                .filter(t -> !g.taints().contains(t) && n.taints().contains(t) && !reserved(t.key())).toList();
        if (!taken.isEmpty()) {
            out.add(new Difference(Kind.TAINTS, true, "taints the group no longer has: " + taken));
        }
        List<Taint> missing = g.taints().stream().filter(t -> !n.taints().contains(t)).toList();
        if (!missing.isEmpty()) {
            out.add(new Difference(Kind.TAINTS, false, "lacks the group's taints " + missing
                    + " (added in place, pods already running there would not tolerate them)"));
        }
        sizeDiffers(n, now).ifPresent(s -> out.add(new Difference(Kind.SIZE, false, s)));
        versionBehind(n, now, provisioned).ifPresent(s -> out.add(new Difference(Kind.KUBERNETES_VERSION, false, s)));
        if (out.isEmpty()) {
            return Optional.empty();
        }
        Fix fix = new Fix(set, remove, taken, record(g.labels(), g.taints()));
        return Optional.of(new Drift(n.name(), g.name(), out, fix));
    }

    /**
     * Keys Kubernetes reserves for its own components ({@code kubernetes.io/}, {@code k8s.io/} and
     * their subdomains: kubelet's hostname and os labels, the node controller's unreachable and
     * not-ready taints): never removed on the word of an annotation, which anyone who may annotate
     * a node can write. {@code node-role.kubernetes.io/} is the operator's, as kubeadm documents it.
     */
    static boolean reserved(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        return !prefix.equals("node-role.kubernetes.io") && (prefix.equals("kubernetes.io") || prefix.endsWith(".kubernetes.io")
                || prefix.equals("k8s.io") || prefix.endsWith(".k8s.io"));
    }

    private static String words(Map<String, String> set, Set<String> remove) {
        List<String> parts = new ArrayList<>();
        set.forEach((k, v) -> parts.add(k + "=" + v + " to set"));
        remove.forEach(k -> parts.add(k + " to remove (the group no longer has it)"));
        return String.join(", ", parts);
    }

    /**
     * The node's machine against the group's VPSie size: CPUs exactly (kubelet's capacity is the
     * machine's); memory when it differs by more than the kernel's share could explain (below 60 %
     * or above 110 % of the size's RAM), so that a node is never judged drifted by its own
     * kernel's reservation, which a new node would share.
     */
    private static Optional<String> sizeDiffers(Node n, Upkeep.Current now) {
        long cpu = n.origin().cpuMillis();
        if (now.cpu() > 0 && cpu > 0 && cpu != now.cpu() * 1000L) {
            return Optional.of("size: " + cpus(cpu) + " CPU(s), the group's VPSie size now has " + now.cpu());
        }
        long mem = n.origin().memoryBytes();
        double ram = now.ramMb() * 1024.0 * 1024.0;
        if (ram > 0 && mem > 0 && (mem < 0.6 * ram || mem > 1.1 * ram)) {
            return Optional.of("size: " + (mem >> 20) + " MiB of memory, the group's VPSie size now has " + now.ramMb() + " MB");
        }
        return Optional.empty();
    }

    private static String cpus(long milli) {
        return milli % 1000 == 0 ? String.valueOf(milli / 1000) : String.format(java.util.Locale.ROOT, "%.1f", milli / 1000.0);
    }

    /**
     * An older kubelet minor than VPSie provisions now. A new node mends it only when VPSie
     * provably provisions that minor (some node of the group runs it); until then it is said, not
     * acted on, so that a cluster whose workers come older than its control plane is not churned.
     */
    private static Optional<String> versionBehind(Node n, Upkeep.Current now, boolean provisioned) {
        int[] has = minor(n.origin().kubeletVersion());
        int[] wants = minor(now.kubeMinor());
        if (has == null || wants == null || compare(has, wants) >= 0 || !provisioned) {
            return Optional.empty();
        }
        return Optional.of("Kubernetes: kubelet " + n.origin().kubeletVersion() + ", VPSie provisions " + now.kubeMinor());
    }

    /** Whether a node runs the minor VPSie provisions now, or a newer one. */
    static boolean runsCurrent(Node n, Upkeep.Current now) {
        int[] has = minor(n.origin().kubeletVersion());
        int[] wants = now == null ? null : minor(now.kubeMinor());
        return has != null && wants != null && compare(has, wants) >= 0;
    }

    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})(\\D.*)?");

    /** {major, minor} of "v1.30.2", "1.30" or "1.30.1-vpsie"; null when not a version. */
    static int[] minor(String version) {
        if (version == null) {
            return null;
        }
        java.util.regex.Matcher m = VERSION.matcher(version.trim());
        return m.matches() ? new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    }

    private static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }

    /** {@code k=v,k2=v2}; an entry that is not one is left out (the record is ours, but anyone may edit an annotation). */
    static Map<String, String> recordedLabels(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text == null || text.isBlank() ? new String[0] : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return out;
    }

    /** {@code key=value:Effect,key:Effect}, as {@link Taint#toString()} writes them. */
    static List<Taint> recordedTaints(String text) {
        List<Taint> out = new ArrayList<>();
        for (String part : text == null || text.isBlank() ? new String[0] : text.split(",")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String kv = part.substring(0, colon).trim();
            int eq = kv.indexOf('=');
            out.add(new Taint(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1), part.substring(colon + 1).trim()));
        }
        return out;
    }
}
