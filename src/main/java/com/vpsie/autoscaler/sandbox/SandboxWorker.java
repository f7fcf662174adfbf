package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A VPSie node: {@code creating} (listed at once, no IP) until {@code joinAt}, then running and
 * a Node named {@link #nodeName()}. VPSie's hostname differs in case from the Node's name, as
 * VPSie's own autoscaler warns. {@code id}: the numeric id govpsie's shape lists instead of an
 * identifier. A master ({@code groupId} 0) is listed by VPSie and is no Node here. {@code machine}: its
 * size, fixed when it was made (a group given another size later keeps its old workers' own).
 */
public record SandboxWorker(String identifier, long id, String hostname, long groupId, String status, String ip, boolean master,
                            Instant createdAt, Instant joinAt, Machine machine) {
    /** A machine's size as VPSie lists it: CPU count and RAM in MB. */
    public record Machine(int cpu, long ramMb) {
        static final Machine MASTER = new Machine(2, 4096);
    }

    public String nodeName() {
        return hostname.toLowerCase(Locale.ROOT);
    }

    /** VPSie's casing of a hostname: it may differ from the Kubernetes Node name (VPSie {@code General-0002}, Node {@code general-0002}). */
    static String vpsieHostname(String nodeName) {
        return nodeName.isEmpty() ? nodeName : Character.toUpperCase(nodeName.charAt(0)) + nodeName.substring(1);
    }

    SandboxWorker running() {
        return new SandboxWorker(identifier, id, hostname, groupId, "running", "10.20.0." + (id % 250 + 2), master, createdAt, joinAt, machine);
    }

    /**
     * Workers older than {@code old} with no Kubernetes Node and no provisioning intent in any
     * NodeGroup's status: billed, and nobody would ever remove them. An intent not yet identified
     * may stand for any one of them.
     */
    static int leaked(Collection<SandboxWorker> workers, Set<String> nodeNames, List<NodeGroup.Provisioning> intents, Instant old) {
        long unidentified = intents.stream().filter(p -> !p.identified()).count();
        long uncovered = workers.stream()
                .filter(w -> !w.createdAt().isAfter(old) && !nodeNames.contains(w.nodeName()))
                .filter(w -> intents.stream().noneMatch(p -> w.identifier().equals(p.vpsieNodeId()) || Long.toString(w.id()).equals(p.vpsieNodeId())
                        || w.hostname().equalsIgnoreCase(p.hostname())))
                .count();
        return (int) Math.max(0, uncovered - unidentified);
    }
}
