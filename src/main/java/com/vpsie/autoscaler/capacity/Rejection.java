package com.vpsie.autoscaler.capacity;

import java.util.Locale;

/**
 * Why a pod may not go somewhere: a closed set of codes, what the rule was about ({@code subject}:
 * the label, taint, resource, port, topology key or group limit), and the sentence an operator
 * reads. kube-scheduler's wording ({@link #schedulerWording()}) is derived from the code alone, as
 * its plugins' status messages are, so nothing downstream reads the operator's sentence back.
 */
public record Rejection(Code code, String subject, String message) {
    public enum Code {
        NODE_SELECTOR, NODE_AFFINITY, UNTOLERATED_TAINT, INSUFFICIENT_RESOURCE, TOO_MANY_PODS, HOST_PORT,
        POD_ANTI_AFFINITY, EXISTING_POD_ANTI_AFFINITY, TOPOLOGY_SPREAD, TOPOLOGY_LABEL_MISSING,
        NODE_NOT_READY, NODE_UNSCHEDULABLE,
        /** Group-level limits: the pod would fit the group's nodes, the group may not grow. */
        GROUP_MAX_NODES, GROUP_STEP_LIMIT, CLUSTER_NODE_CAP,
        /** A cluster-wide limit of the AutoscalerPolicy (nodes, cores, memory, dollars per hour). */
        CLUSTER_LIMIT,
        /** An open schedule window caps the group below its maxNodes. */
        GROUP_WINDOW_CAP
    }

    public Rejection {
        if (code == null || message == null) {
            throw new IllegalArgumentException("a rejection needs a code and a message");
        }
    }

    static Rejection nodeSelector(String key, String value) {
        return new Rejection(Code.NODE_SELECTOR, key, "nodeSelector " + key + "=" + value + " does not match");
    }

    static Rejection nodeAffinity(NodeAffinity affinity) {
        return new Rejection(Code.NODE_AFFINITY, affinity.toString(), "required node affinity " + affinity + " does not match");
    }

    static Rejection untoleratedTaint(Taint taint) {
        return new Rejection(Code.UNTOLERATED_TAINT, taint.toString(), "untolerated taint " + taint);
    }

    /** {@code resource} as Kubernetes names it (cpu, memory, ephemeral-storage, nvidia.com/gpu); amounts already formatted. */
    static Rejection insufficient(String resource, String needed, String have) {
        return new Rejection(Code.INSUFFICIENT_RESOURCE, resource, "needs " + needed + ", " + have);
    }

    static Rejection noPodSlot(String have) {
        return new Rejection(Code.TOO_MANY_PODS, "pods", "needs a pod slot, " + have);
    }

    static Rejection hostPort(HostPort port) {
        return new Rejection(Code.HOST_PORT, port.toString(), "host port " + port + " is taken");
    }

    static Rejection podAntiAffinity(AffinityTerm term, String domain) {
        return new Rejection(Code.POD_ANTI_AFFINITY, term.topologyKey(), "pod anti-affinity: a pod matching " + term.selector()
                + " is already in " + term.topologyKey() + "=" + domain);
    }

    static Rejection existingPodAntiAffinity(AffinityTerm term, String domain) {
        return new Rejection(Code.EXISTING_POD_ANTI_AFFINITY, term.topologyKey(), "anti-affinity of a pod already in "
                + term.topologyKey() + "=" + domain + " (against " + term.selector() + ")");
    }

    static Rejection topologySpread(SpreadConstraint c, String domain, int matching, int minimum) {
        return new Rejection(Code.TOPOLOGY_SPREAD, c.topologyKey(), "topology spread on " + c.topologyKey() + ": " + domain + " has "
                + matching + " matching pod(s), minimum " + minimum + ", maxSkew " + c.maxSkew());
    }

    static Rejection topologyLabelMissing(String topologyKey) {
        return new Rejection(Code.TOPOLOGY_LABEL_MISSING, topologyKey, "node has no " + topologyKey + " label for topology spread");
    }

    static Rejection unsettledSpread() {
        return new Rejection(Code.TOPOLOGY_SPREAD, "", "fits no node once topology spreading is checked against the whole planned cluster");
    }

    static Rejection notReady() {
        return new Rejection(Code.NODE_NOT_READY, "", "node is not Ready");
    }

    static Rejection unschedulable() {
        return new Rejection(Code.NODE_UNSCHEDULABLE, "", "node is cordoned");
    }

    static Rejection groupMaxNodes(int max) {
        return new Rejection(Code.GROUP_MAX_NODES, "maxNodes", "at maxNodes " + max);
    }

    static Rejection groupWindowCap(int cap, String source) {
        return new Rejection(Code.GROUP_WINDOW_CAP, "schedules", "capped at " + cap + " node(s): " + source);
    }

    static Rejection groupStepLimit(int step) {
        return new Rejection(Code.GROUP_STEP_LIMIT, "maxNodesPerStep", "maxNodesPerStep " + step + " reached");
    }

    static Rejection clusterNodeCap(int cap) {
        return new Rejection(Code.CLUSTER_NODE_CAP, "maxNodesTotal", "cluster-wide cap of " + cap + " nodes reached");
    }

    /** As kube-scheduler's FailedScheduling message words this reason, for one or more nodes. */
    public String schedulerWording() {
        return switch (code) {
            case NODE_SELECTOR, NODE_AFFINITY -> "node(s) didn't match Pod's node affinity/selector";
            case UNTOLERATED_TAINT -> "node(s) had untolerated taint " + subject;
            case INSUFFICIENT_RESOURCE -> "Insufficient " + subject.toLowerCase(Locale.ROOT);
            case TOO_MANY_PODS -> "Too many pods";
            case HOST_PORT -> "node(s) didn't have free ports for the requested pod ports";
            case POD_ANTI_AFFINITY, EXISTING_POD_ANTI_AFFINITY -> "node(s) didn't match pod anti-affinity rules";
            case TOPOLOGY_SPREAD, TOPOLOGY_LABEL_MISSING -> "node(s) didn't match pod topology spread constraints";
            case NODE_NOT_READY -> "node(s) were not ready";
            case NODE_UNSCHEDULABLE -> "node(s) were unschedulable";
            case GROUP_MAX_NODES, GROUP_STEP_LIMIT, CLUSTER_NODE_CAP, CLUSTER_LIMIT, GROUP_WINDOW_CAP -> message;
        };
    }

    @Override
    public String toString() {
        return message;
    }
}
