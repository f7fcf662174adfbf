package com.vpsie.autoscaler.trigger;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

@ConfigurationProperties("autoscaler")
public class TriggerConfig {
    private Alerts alerts = new Alerts();
    private Events events = new Events();

    public Alerts getAlerts() {
        return alerts;
    }

    public void setAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    public Events getEvents() {
        return events;
    }

    public void setEvents(Events events) {
        this.events = events;
    }

    @ConfigurationProperties("alerts")
    public static class Alerts {
        /** Alert names that mean "capacity may be short or idle": kube-prometheus' pending and overcommit alerts. */
        private List<String> names = List.of("KubePodsPending", "KubePodNotScheduled", "KubeCPUOvercommit", "KubeMemoryOvercommit");

        public List<String> getNames() {
            return names;
        }

        public void setNames(List<String> names) {
            this.names = names;
        }
    }

    @ConfigurationProperties("events")
    public static class Events {
        /** Events older than this are replays (exporter restarts, resends) and ask for nothing. */
        private Duration maxAge = Duration.ofMinutes(10);

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }
    }
}
