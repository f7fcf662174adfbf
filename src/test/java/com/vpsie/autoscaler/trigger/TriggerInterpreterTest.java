package com.vpsie.autoscaler.trigger;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.config.TriggerConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerInterpreterTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:20:00Z");
    private final TriggerInterpreter interpreter = new TriggerInterpreter(new TriggerConfig(
            new TriggerConfig.Alerts(java.util.List.of("KubePodsPending", "KubePodNotScheduled", "KubeCPUOvercommit", "KubeMemoryOvercommit")),
            new TriggerConfig.Events(java.time.Duration.ofMinutes(10))), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void configuredNamesOptInLabelAndNodegroupNarrowing() {
        Interpretation in = interpreter.alerts(List.of(
                new AlertInput("firing", Map.of("alertname", "KubePodsPending", "nodegroup", "general"), "a"),
                new AlertInput("resolved", Map.of("alertname", "Custom", "vpsie_autoscaler", "true"), "b"),
                new AlertInput("firing", Map.of("alertname", "Watchdog"), "c"),
                new AlertInput("firing", Map.of("alertname", "KubePodsPending", "nodegroup", "nope"), "d")), List.of("general", "gpu"));
        assertThat(in.received()).isEqualTo(4);
        assertThat(in.triggers().size()).isEqualTo(2);
        assertThat(in.groups(List.of("general", "gpu"))).isEqualTo(Set.of("general", "gpu"));
        assertThat(in.ignored().size()).isEqualTo(2);
        assertThat(in.ignored().get(0).reason()).as(in.ignored().get(0).reason()).contains("not in autoscaler.alerts.names");
        assertThat(in.ignored().get(1).reason()).as(in.ignored().get(1).reason()).contains("names no managed NodeGroup");
    }

    @Test
    void failedSchedulingTriggersUnlessStale() {
        Interpretation in = interpreter.events(List.of(
                new EventInput("FailedScheduling", "Pod", "shop", "web-1", "2026-11-24T10:15:02.331824Z", "0/3 nodes"),
                new EventInput("FailedScheduling", "Pod", "shop", "web-2", "2026-11-24T09:00:00Z", "0/3 nodes"),
                new EventInput("Scheduled", "Pod", "shop", "web-3", "2026-11-24T10:15:00Z", "ok"),
                new EventInput("FailedScheduling", "Node", null, "n", "2026-11-24T10:15:00Z", "?")));
        assertThat(in.triggers().size()).isEqualTo(1);
        assertThat(in.ignored().get(0).reason()).as(in.ignored().get(0).reason()).startsWith("stale");
        assertThat(in.ignored().get(1).reason()).contains("does not ask for capacity");
        assertThat(in.ignored().get(2).reason()).contains("expected Pod");
    }

    @Test
    void anIgnoredEventIsNamedByWhatItHas() {
        Interpretation in = interpreter.events(List.of(
                new EventInput("Scheduled", "Pod", "shop", "web-3", null, null),
                new EventInput(null, null, null, null, null, null),
                new EventInput("Pulled", null, "shop", "web-4", null, null),
                new EventInput("Killing", "Pod", null, null, null, null)));
        assertThat(in.ignored()).extracting(Ignored::item).containsExactly(
                "event Scheduled on Pod shop/web-3",
                "event (no reason) on no involvedObject",
                "event Pulled on an object shop/web-4",
                "event Killing on Pod (no name)");
    }
}
