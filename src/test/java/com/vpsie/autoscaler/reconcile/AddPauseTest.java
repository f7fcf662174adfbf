package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.config.ReconcileConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When adds wait, as plain functions of the group, the time and the settings. */
class AddPauseTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final ReconcileConfig CONFIG = new ReconcileConfig(10, Duration.ofMinutes(15), 3, Duration.ofMinutes(30),
            Duration.ofMinutes(5), 50, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(30));

    private static NodeGroup group(String cooldown, NodeGroup.Status status) {
        NodeGroup.Spec spec = new NodeGroup.Spec(0, 10, new NodeGroup.VpsieRef("c", 1L), null, null,
                cooldown == null ? null : new NodeGroup.ScaleUp(null, cooldown), null, null, null, null, null, null, null);
        return new NodeGroup("g", "default", "1", spec, status);
    }

    private static NodeGroup.Status status() {
        return NodeGroup.Status.EMPTY;
    }

    @ParameterizedTest(name = "cooldown {0}, last scale-up {1} min ago: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10m  | 5  | adds paused: scaleUp.cooldown 10m since the last scale-up, until 2026-12-01T12:05:00Z
            10m  | 10 |
            90s  | 1  | adds paused: scaleUp.cooldown 90s since the last scale-up, until 2026-12-01T12:00:30Z
            """)
    void cooldownCountsFromTheLastScaleUp(String cooldown, int minutesAgo, String expected) {
        NodeGroup g = group(cooldown, status().withLastScaleUpTime(NOW.minus(Duration.ofMinutes(minutesAgo))));
        assertThat(AddPause.why(g, NOW, CONFIG).orElse(null)).isEqualTo(expected);
    }

    @Test
    void aCooldownThatIsNoDurationIsAnInvalidSpecNamingTheField() {
        NodeGroup g = group("soon", status().withLastScaleUpTime(NOW));
        ReconcileFailure.InvalidSpec invalid = SpecRules.problem(g.spec()).orElseThrow();
        assertThat(invalid.field()).isEqualTo("spec.scaleUp.cooldown");
        assertThat(invalid).hasMessage("spec.scaleUp.cooldown: expected a duration such as 10m, 1h30m or 90s, got 'soon'");
    }

    @ParameterizedTest(name = "backoff until +{0} min: paused {1}")
    @CsvSource({"1, true", "0, false", "-1, false"})
    void aProvisionBackoffPausesUntilItsEnd(int minutesAhead, boolean paused) {
        NodeGroup g = group(null, status().withScaleUpBackoff(new NodeGroup.ScaleUpBackoff(2, NOW.plus(Duration.ofMinutes(minutesAhead)))));
        assertThat(AddPause.why(g, NOW, CONFIG).isPresent()).isEqualTo(paused);
    }

    @ParameterizedTest(name = "quota exceeded {0} min ago: paused {1}")
    @CsvSource({"29, true", "30, false"})
    void aQuotaRefusalPausesForTheQuotaBackoff(int minutesAgo, boolean paused) {
        NodeGroup.Condition quota = new NodeGroup.Condition(AddPause.QUOTA_EXCEEDED, "True", "VpsieQuota", "limit reached",
                NOW.minus(Duration.ofMinutes(minutesAgo)));
        assertThat(AddPause.why(group(null, status().withCondition(quota)), NOW, CONFIG).isPresent()).isEqualTo(paused);
    }

    @ParameterizedTest(name = "failures before {0}, timed out {1}, joined {2}: failures {3}, pause {4} min")
    @CsvSource({
            "0, true, 0, 1, 5",
            "1, true, 0, 2, 10",
            "2, true, 0, 3, 20",
            "3, true, 0, 4, 30",
            "9, true, 0, 10, 30",
            "2, false, 1, 0, 0",
            "2, false, 0, 2, 0"})
    void backoffDoublesUpToItsMaxAndClearsWhenAWorkerJoins(int before, boolean timedOut, int joined, int failures, int pauseMinutes) {
        NodeGroup.ScaleUpBackoff old = before == 0 ? null : new NodeGroup.ScaleUpBackoff(before, NOW.minusSeconds(1));
        NodeGroup.ScaleUpBackoff next = AddPause.backoff(group(null, status().withScaleUpBackoff(old)), joined, timedOut, NOW, CONFIG);
        if (failures == 0) {
            assertThat(next).isNull();
        } else if (!timedOut) {
            assertThat(next).isEqualTo(old);
        } else {
            assertThat(next.failures()).isEqualTo(failures);
            assertThat(next.until()).isEqualTo(NOW.plus(Duration.ofMinutes(pauseMinutes)));
        }
    }

    @Test
    void nothingPausesAFreshGroup() {
        assertThat(AddPause.why(group("10m", status()), NOW, CONFIG)).isEmpty();
    }
}
