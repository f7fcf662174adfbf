package com.vpsie.autoscaler.trigger;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.config.TriggerConfig;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Decides which deliveries mean "reconcile". Alerts: an alert whose name is configured, or that
 * carries {@code vpsie_autoscaler="true"}; its {@code nodegroup} label narrows it to one group;
 * resolved alerts count too (scale-down looks again). Events: {@code FailedScheduling} on a Pod,
 * unless older than {@code autoscaler.events.max-age}.
 */
@Singleton
public class TriggerInterpreter {
    static final String OPT_IN_LABEL = "vpsie_autoscaler";
    static final String GROUP_LABEL = "nodegroup";

    private final TriggerConfig config;
    private final Clock clock;

    @jakarta.inject.Inject
    public TriggerInterpreter(TriggerConfig.Alerts alerts, TriggerConfig.Events events, Clock clock) {
        this(new TriggerConfig(alerts, events), clock);
    }

    public TriggerInterpreter(TriggerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public Interpretation alerts(List<AlertInput> alerts, Collection<String> knownGroups) {
        List<Trigger> triggers = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        for (AlertInput a : alerts) {
            String name = a.labels().getOrDefault("alertname", "");
            String item = "alert " + (name.isEmpty() ? "(no alertname)" : name)
                    + (a.fingerprint() == null ? "" : " [" + a.fingerprint() + "]");
            boolean named = config.alerts().names().contains(name);
            boolean optedIn = "true".equals(a.labels().get(OPT_IN_LABEL));
            if (!named && !optedIn) {
                ignored.add(new Ignored(item, "alertname '" + name + "' is not in autoscaler.alerts.names "
                        + config.alerts().names() + " and the alert has no label " + OPT_IN_LABEL + "=\"true\""));
                continue;
            }
            String group = a.labels().get(GROUP_LABEL);
            if (group != null && !knownGroups.contains(group)) {
                ignored.add(new Ignored(item, "label nodegroup=\"" + group + "\" names no managed NodeGroup (managed: " + knownGroups + ")"));
                continue;
            }
            triggers.add(new Trigger(group, "alertmanager:" + name + ("resolved".equals(a.status()) ? " (resolved)" : "")));
        }
        return new Interpretation(alerts.size(), triggers, ignored);
    }

    public Interpretation events(List<EventInput> events) {
        List<Trigger> triggers = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        Instant oldest = clock.instant().minus(config.events().maxAge());
        for (EventInput e : events) {
            String item = describe(e);
            if (!"FailedScheduling".equals(e.reason())) {
                ignored.add(new Ignored(item, "reason '" + e.reason() + "' does not ask for capacity (only FailedScheduling does)"));
                continue;
            }
            if (!"Pod".equals(e.objectKind())) {
                ignored.add(new Ignored(item, "involvedObject.kind is '" + e.objectKind() + "', expected Pod"));
                continue;
            }
            if (e.time() != null) {
                Instant at;
                try {
                    at = OffsetDateTime.parse(e.time()).toInstant();
                } catch (DateTimeParseException bad) {
                    ignored.add(new Ignored(item, "time '" + e.time() + "' is not RFC 3339"));
                    continue;
                }
                if (at.isBefore(oldest)) {
                    ignored.add(new Ignored(item, "stale: last seen " + at + ", older than autoscaler.events.max-age "
                            + config.events().maxAge()));
                    continue;
                }
            }
            triggers.add(new Trigger(null, "event:FailedScheduling"));
        }
        return new Interpretation(events.size(), triggers, ignored);
    }

    /** How an ignored event is named back to its sender; an exporter's event may lack any of these fields. */
    static String describe(EventInput e) {
        String on = e.objectKind() == null && e.objectName() == null ? "no involvedObject"
                : (e.objectKind() == null ? "an object" : e.objectKind()) + " "
                + (e.objectNamespace() == null ? "" : e.objectNamespace() + "/") + (e.objectName() == null ? "(no name)" : e.objectName());
        return "event " + (e.reason() == null ? "(no reason)" : e.reason()) + " on " + on;
    }
}
