package com.vpsie.autoscaler.reconcile;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One structured line per decision: its fields, and an error only when the decision has one. */
class DecisionLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("decisions");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void aDecisionWithoutAnErrorLogsNoErrorField() {
        new DecisionLog(new SimpleMeterRegistry()).record(new Decision(Instant.EPOCH, "general", "heartbeat", Decision.Action.NONE, 3, 3, 0, 0,
                List.of("no pending pods need this group"), null));
        assertThat(keys(lines.list.get(0))).containsExactly("nodeGroup", "action", "trigger", "from", "to", "added", "removed", "reasons");
        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("decision general NONE 3→3: no pending pods need this group");
    }

    @Test
    void aFailedDecisionLogsItsError() {
        new DecisionLog(new SimpleMeterRegistry()).record(new Decision(Instant.EPOCH, "general", "heartbeat", Decision.Action.FAILED, 3, 3, 0, 0,
                List.of(), "VPSie unreachable"));
        List<KeyValuePair> kv = lines.list.get(0).getKeyValuePairs();
        assertThat(kv.get(kv.size() - 1).key).isEqualTo("error");
        assertThat(kv.get(kv.size() - 1).value).isEqualTo("VPSie unreachable");
    }

    private static List<String> keys(ILoggingEvent e) {
        return e.getKeyValuePairs().stream().map(p -> p.key).toList();
    }
}
