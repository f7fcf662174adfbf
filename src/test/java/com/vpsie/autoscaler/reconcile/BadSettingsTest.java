package com.vpsie.autoscaler.reconcile;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad setting stops the context from starting, and the error names the key, what was expected and what was given. */
class BadSettingsTest {
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            autoscaler.dry-run                          | ture  | autoscaler.dry-run: expected true or false
            autoscaler.dry-run                          | yes   | autoscaler.dry-run: expected true or false
            autoscaler.cluster                          | kube  | autoscaler.cluster: expected kubernetes or simulated
            autoscaler.events.max-age                   | 0s    | autoscaler.events.max-age: expected a duration above zero
            autoscaler.webhooks.max-body-size           | 0     | autoscaler.webhooks.max-body-size: expected a size above zero
            autoscaler.webhooks.max-body-size           | abc   | autoscaler.webhooks.max-body-size: expected a size such as 1MB, got 'abc'
            autoscaler.plan.max-scenario-size           | 1 GB  | autoscaler.plan.max-scenario-size: expected a size such as 512MB, got '1 GB'
            autoscaler.reconcile.timeout                | ten   | autoscaler.reconcile.timeout: expected a duration such as 10s, got 'ten'
            vpsie.retry-attempts                        | five  | vpsie.retry-attempts: expected a whole number such as 5, got 'five'
            autoscaler.plan.max-kept-share              | 0     | autoscaler.plan.max-kept-share: expected a share of the heap above 0 and at most 1 such as 0.33, got 0.0
            autoscaler.plan.max-kept-share              | 1.5   | autoscaler.plan.max-kept-share: expected a share of the heap above 0 and at most 1 such as 0.33, got 1.5
            autoscaler.plan.max-kept-share              | lots  | autoscaler.plan.max-kept-share: expected a number such as 0.33, got 'lots'
            sandbox.faults.server-error-rate            | 1.5   | sandbox.faults.server-error-rate: expected a share from 0 to 1, got 1.5
            autoscaler.reconcile.timeout                | 0s    | autoscaler.reconcile.timeout: expected a duration above zero
            autoscaler.reconcile.max-nodes-per-step     | 0     | autoscaler.reconcile.max-nodes-per-step: expected 1 or more, got 0
            autoscaler.reconcile.conflict-retries       | -1    | autoscaler.reconcile.conflict-retries: expected 1 or more, got -1
            autoscaler.reconcile.debounce               | -1s   | autoscaler.reconcile.debounce: expected a duration of zero or more
            autoscaler.drain.max-graceful-termination   | 0s    | autoscaler.drain.max-graceful-termination: expected a duration above zero
            autoscaler.planner.expander                 | cheap | autoscaler.planner.expander: expected one of
            autoscaler.planner.max-nodes-total          | -3    | autoscaler.planner.max-nodes-total: expected 0 or more, got -3
            """)
    void failsStartNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> ApplicationContext.builder().environments("sandbox").properties(Map.of(key, value, "micronaut.server.port", "-1"))
                .start().close())
                .rootCause().hasMessageContaining(message).hasMessageContaining(key);
    }
}
