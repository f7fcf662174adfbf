package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;

/** What the trigger interpreter listens for: {@code autoscaler.alerts.*} and {@code autoscaler.events.*}. */
public record TriggerConfig(Alerts alerts, Events events) {
    /** @param names alert names that mean "capacity may be short or idle": kube-prometheus' pending and overcommit alerts */
    @Context
    @ConfigurationProperties("autoscaler.alerts")
    public record Alerts(@Bindable(defaultValue = "KubePodsPending,KubePodNotScheduled,KubeCPUOvercommit,KubeMemoryOvercommit")
                         List<String> names) {
        public Alerts {
            names = names == null ? List.of() : List.copyOf(names);
        }
    }

    /** @param maxAge events older than this are replays (exporter restarts, resends) and ask for nothing */
    @Context
    @ConfigurationProperties("autoscaler.events")
    public record Events(@Bindable(defaultValue = "10m") Duration maxAge) {
        public Events {
            SettingChecks.positive(maxAge, "autoscaler.events.max-age");
        }
    }
}
