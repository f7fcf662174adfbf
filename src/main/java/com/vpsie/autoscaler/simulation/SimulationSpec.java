package com.vpsie.autoscaler.simulation;

import com.vpsie.autoscaler.sandbox.SimulatorFaults;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A simulation file: the scenario format (sizes, VPSie groups, NodeGroups, nodes, pods; read as
 * {@code Scenario} from the same JSON) plus how to run it and what happens when.
 *
 * <pre>{@code
 * "simulation": {"name": "burst", "duration": "10m", "tick": "1s", "replicas": 1,
 *                "provisionDelay": "60s", "heartbeat": "30s", "eventInterval": "10s"},
 * "timeline": [{"at": "5s", "addPods": {"name": "web", "replicas": 200, "cpu": "500m", "memory": "256Mi"}},
 *              {"at": "6s", "webhook": {"times": 100}},
 *              {"at": "0s", "faults": {"serverErrorRate": 0.3}},
 *              {"at": "0s", "crash": {"at": "RESPONSE_LOST", "replica": 0}},
 *              {"at": "20m", "deletePods": "web"}]
 * }</pre>
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record SimulationSpec(@Nullable Settings simulation, @Nullable List<Step> timeline) {

    public Settings settings() {
        return simulation == null ? new Settings(null, null, null, null, null, null, null, null) : simulation;
    }

    public List<Step> steps() {
        return timeline == null ? List.of() : timeline;
    }

    /**
     * {@code heartbeat}: how often every group is reconciled without a trigger (PingSource, or the
     * Deployment's timer); {@code eventInterval}: how often the stand-in scheduler reports a pod
     * that still waits (FailedScheduling to the event-exporter webhook); {@code leaseDuration}:
     * how long a crashed replica's Leases block the others.
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Settings(@Nullable String name, @Nullable String duration, @Nullable String tick, @Nullable Integer replicas,
                           @Nullable String provisionDelay, @Nullable String heartbeat, @Nullable String eventInterval,
                           @Nullable String leaseDuration) {
    }

    /** One thing that happens at {@code at} (a duration from the start): exactly one field besides {@code at} is set. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(String at, @Nullable Pods addPods, @Nullable String deletePods, @Nullable Webhook webhook,
                       @Nullable SimulatorFaults.Faults faults, @Nullable Crash crash, @Nullable List<String> kubeletStops,
                       @Nullable Resize resizeGroup, @Nullable Integer joinsNeverReady, @Nullable Relabel changeTemplate) {
        public Step(String at, @Nullable Pods addPods, @Nullable String deletePods, @Nullable Webhook webhook,
                    @Nullable SimulatorFaults.Faults faults, @Nullable Crash crash) {
            this(at, addPods, deletePods, webhook, faults, crash, null, null, null, null);
        }

        @io.micronaut.core.annotation.Creator
        public Step {
        }
    }

    /** A NodeGroup's {@code spec.template.labels} replaced while its nodes run, as a person would edit it. */
    @Serdeable
    public record Relabel(String nodeGroup, java.util.Map<String, String> labels) {
    }

    /** A VPSie node group given another size ({@code boxsize_id}) while its nodes run, as a person would in VPSie's panel. */
    @Serdeable
    public record Resize(long vpsieNodeGroupId, long boxsizeId) {
    }

    /** {@code nodeSelector}: the pods run only on nodes with these labels (a group's template labels). */
    @Serdeable
    public record Pods(String name, int replicas, String cpu, String memory, @Nullable java.util.Map<String, String> nodeSelector) {
        public java.util.Map<String, String> selector() {
            return nodeSelector == null ? java.util.Map.of() : nodeSelector;
        }
    }

    /** The same trigger delivered {@code times} times at once, spread over the replicas (an Alertmanager storm). */
    @Serdeable
    public record Webhook(int times) {
    }

    /** Arms a crash of one replica at the next time it reaches {@code at}. */
    @Serdeable
    public record Crash(CrashPoint at, @Nullable Integer replica) {
    }
}
