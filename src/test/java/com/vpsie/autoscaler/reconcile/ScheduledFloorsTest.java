package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** spec.schedules: when a window is open, the floor it sets, and a bad schedule named by its field. */
class ScheduledFloorsTest {
    private static NodeGroup.Spec spec(String cron, String duration, int minNodes, String zone) {
        return new NodeGroup.Spec(1, 20, new NodeGroup.VpsieRef("c", 1L), null, null, null, null, null,
                List.of(new NodeGroup.Schedule("business-hours", cron, duration, minNodes, zone, null)), null, null, null, null);
    }

    /** 2026-12-01 is a Tuesday. */
    @ParameterizedTest(name = "{0} for {1} in {2}, at {3}: floor {4}")
    @CsvSource(nullValues = "-", value = {
            "0 8 * * MON-FRI, 10h, -,             2026-12-01T07:59:00Z, -",
            "0 8 * * MON-FRI, 10h, -,             2026-12-01T08:00:00Z, 6",
            "0 8 * * MON-FRI, 10h, -,             2026-12-01T17:59:00Z, 6",
            "0 8 * * MON-FRI, 10h, -,             2026-12-01T18:00:00Z, -",
            "0 8 * * MON-FRI, 10h, -,             2026-12-05T09:00:00Z, -",
            "0 8 * * MON-FRI, 10h, Europe/Berlin, 2026-12-01T07:30:00Z, 6",
            "0 8 * * MON-FRI, 10h, Europe/Berlin, 2026-12-01T06:30:00Z, -",
            "0 0 8 * * *,     1h,  -,             2026-12-01T08:30:00Z, 6"})
    void aWindowOpensWhenTheCronFiresAndLastsItsDuration(String cron, String duration, String zone, String at, Integer floor) {
        var active = ScheduledFloors.active(spec(cron, duration, 6, zone), Instant.parse(at));
        assertThat(active.map(ScheduledFloors.Active::minNodes).orElse(null)).isEqualTo(floor);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a cron that is none | every morning | 10h | UTC          | spec.schedules[0].cron: expected a cron expression
            a bad duration      | 0 8 * * *     | soon | UTC         | spec.schedules[0].duration: expected a duration
            an unknown zone     | 0 8 * * *     | 10h  | Mars/Olympus | spec.schedules[0].timeZone: expected a time zone
            """)
    void aBadScheduleNamesItsField(String what, String cron, String duration, String zone, String message) {
        assertThatThrownBy(() -> ScheduledFloors.active(spec(cron, duration, 6, zone), Instant.parse("2026-12-01T09:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }
}
