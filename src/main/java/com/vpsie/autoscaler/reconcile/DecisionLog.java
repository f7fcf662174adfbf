package com.vpsie.autoscaler.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Recent decisions of this instance, newest first, and one structured log line and one metric per
 * decision. Bounded: it keeps the last {@value #CAPACITY}.
 */
@Singleton
public class DecisionLog {
    static final int CAPACITY = 500;
    private static final Logger LOG = LoggerFactory.getLogger("decisions");

    private final Deque<Decision> recent = new ArrayDeque<>();
    private final MeterRegistry meters;

    public DecisionLog(MeterRegistry meters) {
        this.meters = meters;
    }

    public void record(Decision d) {
        synchronized (recent) {
            recent.addFirst(d);
            while (recent.size() > CAPACITY) {
                recent.removeLast();
            }
        }
        meters.counter("vpsie_autoscaler_decisions_total", "nodegroup", d.nodeGroup(), "action", d.action().name().toLowerCase(Locale.ROOT),
                "outcome", d.outcome().name().toLowerCase(Locale.ROOT)).increment();
        if (d.added() > 0) {
            meters.counter("vpsie_autoscaler_nodes_added_total", "nodegroup", d.nodeGroup()).increment(d.added());
        }
        LoggingEventBuilder line = LOG.atInfo()
                .addKeyValue("nodeGroup", d.nodeGroup())
                .addKeyValue("action", d.action())
                .addKeyValue("outcome", d.outcome())
                .addKeyValue("trigger", d.trigger())
                .addKeyValue("from", d.fromNodes())
                .addKeyValue("to", d.toNodes())
                .addKeyValue("added", d.added())
                .addKeyValue("removed", d.removed())
                .addKeyValue("reasons", d.reasons());
        if (d.error() != null) {
            // Only a decision that failed says so: every other line printed error="null".
            line = line.addKeyValue("error", d.error());
        }
        line.log("decision {} {} {}→{}: {}", d.nodeGroup(), d.outcome(), d.fromNodes(), d.toNodes(), String.join("; ", d.reasons()));
    }

    public List<Decision> recent(int limit) {
        synchronized (recent) {
            return new ArrayList<>(recent).subList(0, Math.min(limit, recent.size()));
        }
    }
}
