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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        new DecisionLog(new SimpleMeterRegistry()).record(Decision.of(Instant.EPOCH, "general", "heartbeat").nodes(3, 3)
                .reasons(List.of("no pending pods need this group")).outcome(Decision.Outcome.UNCHANGED));
        assertThat(keys(lines.list.get(0))).containsExactly("nodeGroup", "action", "outcome", "trigger", "from", "to", "added", "removed", "reasons");
        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("decision general UNCHANGED 3→3: no pending pods need this group");
    }

    @Test
    void aFailedDecisionLogsItsError() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new DecisionLog(meters).record(Decision.of(Instant.EPOCH, "general", "heartbeat").nodes(3, 3)
                .failed(Decision.Outcome.VPSIE_FAILED, "VPSie unreachable"));
        assertThat(meters.get("vpsie_autoscaler_decisions_total").tags("nodegroup", "general", "action", "failed", "outcome", "vpsie_failed")
                .counter().count()).as("the metric says why it failed").isEqualTo(1.0);
        List<KeyValuePair> kv = lines.list.get(0).getKeyValuePairs();
        assertThat(kv.get(kv.size() - 1).key).isEqualTo("error");
        assertThat(kv.get(kv.size() - 1).value).isEqualTo("VPSie unreachable");
    }

    @Test
    void aDecisionIsBuiltByNameAndItsActionFollowsItsOutcome() {
        Decision.Builder b = Decision.of(Instant.EPOCH, "general", "heartbeat");
        assertThat(b.outcome(Decision.Outcome.LEASE_HELD_ELSEWHERE).action()).isEqualTo(Decision.Action.COALESCED);
        assertThat(b.failed(Decision.Outcome.INVALID_SPEC, "spec.minNodes: …").action()).isEqualTo(Decision.Action.FAILED);
        assertThatThrownBy(() -> b.outcome(Decision.Outcome.GROUP_GONE)).as("a failure says what failed").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.failed(Decision.Outcome.SCALED_UP, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision(Instant.EPOCH, "g", "t", Decision.Action.NONE, Decision.Outcome.SCALED_UP, 0, 0, 0, 0, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> keys(ILoggingEvent e) {
        return e.getKeyValuePairs().stream().map(p -> p.key).toList();
    }
}
