package com.vpsie.autoscaler.apis.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The NodeGroup custom resource ({@code autoscaler.vpsie.com/v1alpha1}) as reconcile reads and
 * writes it: its name, the {@code resourceVersion} a status write must match, spec and status.
 */
public record NodeGroup(String name, String namespace, @Nullable String resourceVersion, Spec spec, Status status) {

    public NodeGroup withStatus(Status s, String newResourceVersion) {
        return new NodeGroup(name, namespace, newResourceVersion, spec, s);
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(@Nullable Integer minNodes, @Nullable Integer maxNodes, @Nullable VpsieRef vpsie,
                       @Nullable Template template, @Nullable Integer priority, @Nullable ScaleUp scaleUp,
                       @Nullable ScaleDown scaleDown, @Nullable List<Headroom> headroom, @Nullable List<Schedule> schedules,
                       @Nullable Disruption disruption, @Nullable Repair repair, @Nullable Drift drift, @Nullable String expireAfter) {
        public List<Budget> budgets() {
            return disruption == null ? List.of() : disruption.budgetsOrEmpty();
        }

        public List<Schedule> schedulesOrEmpty() {
            return schedules == null ? List.of() : schedules;
        }

        @io.micronaut.core.annotation.Creator
        public Spec {
        }

        public List<Headroom> headroomOrEmpty() {
            return headroom == null ? List.of() : headroom;
        }

        public int min() {
            return minNodes == null ? 0 : minNodes;
        }

        public int max() {
            return maxNodes == null ? 0 : maxNodes;
        }

        public int maxNodesPerStep(int fallback) {
            return scaleUp == null || scaleUp.maxNodesPerStep() == null ? fallback : scaleUp.maxNodesPerStep();
        }

        public Map<String, String> labels() {
            return template == null || template.labels() == null ? Map.of() : template.labels();
        }

        public List<TaintSpec> taints() {
            return template == null || template.taints() == null ? List.of() : template.taints();
        }

        /** Resources a new node has beyond what its VPSie size says (such as {@code nvidia.com/gpu}). */
        public Map<String, String> extraResources() {
            return template == null || template.resources() == null ? Map.of() : template.resources();
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VpsieRef(@Nullable String clusterId, @Nullable Long nodeGroupId, @Nullable Long sizeId) {
        /** A group VPSie has: by its id. ({@code sizeId} without an id: a group the autoscaler creates of that size.) */
        public VpsieRef(@Nullable String clusterId, @Nullable Long nodeGroupId) {
            this(clusterId, nodeGroupId, null);
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Template(@Nullable Map<String, String> labels, @Nullable List<TaintSpec> taints,
                           @Nullable Map<String, String> resources) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaintSpec(String key, @Nullable String value, String effect) {
    }

    /**
     * A known peak or quiet time: from each time {@code cron} fires (in {@code timeZone}, UTC by
     * default) for {@code duration}, the group's floor is at least {@code minNodes} and its size at
     * most {@code maxNodes}.
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Schedule(@Nullable String name, @Nullable String cron, @Nullable String duration, @Nullable Integer minNodes,
                           @Nullable String timeZone, @Nullable Integer maxNodes) {
    }

    /**
     * Repairing nodes whose kubelet stopped saying Ready ({@code spec.repair}): after {@code after}
     * (default 10m; {@code off} or {@code 0} turns it off) such a node is replaced, a new node first,
     * unless more than {@code maxUnhealthy} (a count or a percentage of the group; default 1 node or
     * 20 %, whichever is more) are, which looks like an outage and repairs nothing.
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Repair(@Nullable String after, @Nullable String maxUnhealthy) {
    }

    /** Whether nodes that differ from a new node of the group are mended or replaced ({@code spec.drift}; on by default). */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Drift(@Nullable Boolean enabled) {
    }

    /**
     * How far voluntary removals may go at once ({@code spec.disruption}); no budgets: no limit
     * beyond scale-down's own. {@code forceAfter}: how long after it expired a node's do-not-disrupt
     * pods stop holding it (off by default).
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Disruption(@Nullable List<Budget> budgets, @Nullable String forceAfter) {
        public List<Budget> budgetsOrEmpty() {
            return budgets == null ? List.of() : budgets;
        }
    }

    /**
     * At most {@code nodes} (a count, or a percentage of the group rounded up) of the group's nodes
     * disrupted at once for {@code reasons} (all when none), always or, with {@code schedule}, only
     * inside its window ({@code duration} from each firing, in {@code timeZone}).
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Budget(@Nullable String nodes, @Nullable List<String> reasons, @Nullable String schedule, @Nullable String duration,
                         @Nullable String timeZone) {
    }

    /** Room kept warm: {@code replicas} more pods of this shape must always fit on the group's Ready or provisioning nodes. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Headroom(@Nullable Integer replicas, @Nullable String cpu, @Nullable String memory) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScaleUp(@Nullable Integer maxNodesPerStep, @Nullable String cooldown) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScaleDown(@Nullable Boolean enabled, @Nullable Double utilizationThreshold, @Nullable String unneededTime,
                            @Nullable String delayAfterScaleUp, @Nullable Integer maxNodesPerStep, @Nullable Consolidation consolidation) {
    }

    /** Replacing this group's nodes by cheaper new ones of any group ({@code spec.scaleDown.consolidation}); off unless enabled. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Consolidation(@Nullable Boolean enabled, @Nullable Double minSavingsPercent, @Nullable Integer maxNodesPerStep,
                                @Nullable String policy) {
    }

    /**
     * A consolidation of this group's nodes under way, written before each step: {@code nodes} go once
     * {@code newNodes} nodes of {@code byGroup} beyond {@code baseline} (its nodes when it started)
     * are Ready. While it is recorded, {@code byGroup}'s floor holds the new nodes.
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Replacement(List<String> nodes, String byGroup, int newNodes, @Nullable List<String> baseline, Instant startedAt,
                              ReplacementStep step, double hourlyBefore, double hourlyAfter, @Nullable String reason) {
        public List<String> baselineOrEmpty() {
            return baseline == null ? List.of() : baseline;
        }

        public Replacement at(ReplacementStep next) {
            return new Replacement(nodes, byGroup, newNodes, baseline, startedAt, next, hourlyBefore, hourlyAfter, reason);
        }

        /** Why the nodes are replaced, as budgets name it: {@code Unhealthy} (repair) or {@code Consolidation} (also when none is recorded). */
        public String reasonOrConsolidation() {
            return reason == null ? "Consolidation" : reason;
        }

        /** A repair of NotReady nodes, not a consolidation. */
        public boolean repair() {
            return "Unhealthy".equals(reason);
        }
    }

    /** Steps of a replacement, in order: each one is recorded before it is taken. */
    @Serdeable
    public enum ReplacementStep {
        ADDING, DRAINING
    }

    /** What the autoscaler records so that any instance, after any crash, knows what is in flight. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(int currentNodes, int readyNodes, int desiredNodes,
                         @Nullable List<Provisioning> provisioning,
                         @Nullable List<Draining> draining,
                         @Nullable Map<String, Instant> unneededSince,
                         @Nullable Instant lastScaleUpTime,
                         @Nullable Instant lastScaleDownTime,
                         @Nullable ManualTarget manualTarget,
                         @Nullable List<Condition> conditions,
                         @Nullable ScaleUpBackoff scaleUpBackoff,
                         @Nullable String activeSchedule,
                         @Nullable Replacement replacement) {
        public static final Status EMPTY = new Status(0, 0, 0, List.of(), List.of(), Map.of(), null, null, null, null, null, null, null);

        /** The consolidation of this group's nodes under way, or none. */
        public Status withReplacement(@Nullable Replacement r) {
            return new Status(currentNodes, readyNodes, desiredNodes, provisioning, draining, unneededSince, lastScaleUpTime, lastScaleDownTime,
                    manualTarget, conditions, scaleUpBackoff, activeSchedule, r);
        }

        /** The {@code spec.schedules} entry whose window held the floor at the last reconcile, for {@code kubectl get ng}. */
        public Status withActiveSchedule(@Nullable String name) {
            return new Status(currentNodes, readyNodes, desiredNodes, provisioning, draining, unneededSince, lastScaleUpTime, lastScaleDownTime,
                    manualTarget, conditions, scaleUpBackoff, name, replacement);
        }

        public List<Provisioning> provisioningOrEmpty() {
            return provisioning == null ? List.of() : provisioning;
        }

        public List<Draining> drainingOrEmpty() {
            return draining == null ? List.of() : draining;
        }

        public Status withCounts(int current, int ready, int desired) {
            return new Status(current, ready, desired, provisioning, draining, unneededSince, lastScaleUpTime, lastScaleDownTime, manualTarget, conditions, scaleUpBackoff, activeSchedule, replacement);
        }

        public Status withProvisioning(List<Provisioning> p) {
            return new Status(currentNodes, readyNodes, desiredNodes, p, draining, unneededSince, lastScaleUpTime, lastScaleDownTime, manualTarget, conditions, scaleUpBackoff, activeSchedule, replacement);
        }

        public Status withDraining(List<Draining> d) {
            return new Status(currentNodes, readyNodes, desiredNodes, provisioning, d, unneededSince, lastScaleUpTime, lastScaleDownTime, manualTarget, conditions, scaleUpBackoff, activeSchedule, replacement);
        }

        public Status withUnneededSince(Map<String, Instant> u) {
            return new Status(currentNodes, readyNodes, desiredNodes, provisioning, draining, u, lastScaleUpTime, lastScaleDownTime, manualTarget, conditions, scaleUpBackoff, activeSchedule, replacement);
        }

        public Status withLastScaleUpTime(Instant t) {
            return new Status(currentNodes, readyNodes, desiredNodes, provisioning, draining, unneededSince, t, lastScaleDownTime, manualTarget, conditions, scaleUpBackoff, activeSchedule, replacement);
        }

        public Status withLastScaleDownTime(Instant t) {
            return new Status(currentNodes, readyNodes, desiredNodes, provisioning, draining, unneededSince, lastScaleUpTime, t, manualTarget, conditions, scaleUpBackoff, activeSchedule, replacement);
        }

        public List<Condition> conditionsOrEmpty() {
            return conditions == null ? List.of() : conditions;
        }

        public java.util.Optional<Condition> condition(String type) {
            return conditionsOrEmpty().stream().filter(c -> c.type().equals(type)).findFirst();
        }

        /** Sets one condition, keeping its transition time when its status did not change. */
        public Status withCondition(Condition c) {
            List<Condition> next = new java.util.ArrayList<>();
            for (Condition old : conditionsOrEmpty()) {
                if (old.type().equals(c.type())) {
                    c = old.status().equals(c.status()) ? new Condition(c.type(), c.status(), c.reason(), c.message(), old.lastTransitionTime()) : c;
                } else {
                    next.add(old);
                }
            }
            next.add(c);
            return new Status(currentNodes, readyNodes, desiredNodes, provisioning, draining, unneededSince, lastScaleUpTime, lastScaleDownTime,
                    manualTarget, List.copyOf(next), scaleUpBackoff, activeSchedule, replacement);
        }

        public Status withScaleUpBackoff(ScaleUpBackoff b) {
            return new Status(currentNodes, readyNodes, desiredNodes, provisioning, draining, unneededSince, lastScaleUpTime, lastScaleDownTime,
                    manualTarget, conditions, b, activeSchedule, replacement);
        }

        public Status withManualTarget(ManualTarget m) {
            return new Status(currentNodes, readyNodes, desiredNodes, provisioning, draining, unneededSince, lastScaleUpTime, lastScaleDownTime, m, conditions, scaleUpBackoff, activeSchedule, replacement);
        }
    }

    /**
     * A node being taken out of the group, and how far that has gone. Written before each step so
     * that an instance that dies mid-drain leaves enough for the next one to finish or roll back.
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Draining(String node, Instant startedAt, DrainStep step, @Nullable String vpsieNodeId, @Nullable String reason) {
        public Draining at(DrainStep next) {
            return new Draining(node, startedAt, next, vpsieNodeId, reason);
        }
    }

    /** Steps of a drain, in order: each one is recorded before it is taken. */
    @Serdeable
    public enum DrainStep {
        CORDONING, EVICTING, REMOVING_FROM_VPSIE, DELETING_NODE
    }

    /**
     * A worker asked of VPSie and not yet a Ready node. {@code id} names the intent, written before
     * the VPSie call, so that the call's answer can be attached to it afterwards. The worker is
     * identified ({@code vpsieNodeId}, {@code hostname}) once VPSie's answer or listing shows it;
     * {@code accepted}: VPSie said yes but its listing did not show the worker yet, so the add
     * happened and is never sent again.
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provisioning(String id, Instant requestedAt, @Nullable String vpsieNodeId, @Nullable String hostname,
                               @Nullable Boolean accepted) {
        @io.micronaut.core.annotation.Creator
        public Provisioning {
        }

        public Provisioning(String id, Instant requestedAt, @Nullable String vpsieNodeId, @Nullable String hostname) {
            this(id, requestedAt, vpsieNodeId, hostname, null);
        }

        public boolean identified() {
            return vpsieNodeId != null || hostname != null;
        }

        /** Whether this entry is the worker VPSie lists with this identifier and hostname (hostnames compared without case). */
        public boolean is(@Nullable String identifier, @Nullable String workerHostname) {
            return vpsieNodeId != null && vpsieNodeId.equals(identifier) || hostname != null && hostname.equalsIgnoreCase(workerHostname);
        }
    }

    /**
     * Workers that did not join in time: {@code failures} in a row, and no adds before {@code until}
     * (exponential, as the Cluster Autoscaler backs off a node group whose nodes do not come up).
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScaleUpBackoff(int failures, Instant until) {
    }

    /** A Kubernetes-style condition; {@code QuotaExceeded} is the one the autoscaler sets today. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(String type, String status, @Nullable String reason, @Nullable String message, @Nullable Instant lastTransitionTime) {
        public boolean isTrue() {
            return "True".equals(status);
        }
    }

    /**
     * A manual target from {@code POST /v1/scale}: held as the group's floor until {@code until}.
     * {@code inFlight} is true while the request that set it is still acting (holding the group's
     * Lease as {@code by}, since {@code startedAt}), so another replica refusing a request can say
     * what is under way; a holder that died leaves it true until the next manual scale.
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ManualTarget(int nodes, Instant until, @Nullable String reason, @Nullable String by, @Nullable Instant startedAt,
                               @Nullable Boolean inFlight) {
        @io.micronaut.core.annotation.Creator
        public ManualTarget {
        }

        public ManualTarget(int nodes, Instant until, @Nullable String reason) {
            this(nodes, until, reason, null, null, null);
        }

        /** The same target once its request has finished acting. */
        public ManualTarget settled() {
            return new ManualTarget(nodes, until, reason, by, startedAt, null);
        }
    }
}
