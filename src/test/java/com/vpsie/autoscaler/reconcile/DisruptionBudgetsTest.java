package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Disruption;
import com.vpsie.autoscaler.capacity.DisruptionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How budgets and caps are read from a spec at a time: counts, percentages, reasons, windows in their zones, what is under way. */
class DisruptionBudgetsTest {
    /** 23:30 in Berlin (UTC+1 in December). */
    private static final Instant NIGHT = Instant.parse("2026-12-07T22:30:00Z");
    private static final Instant NOON = Instant.parse("2026-12-07T11:00:00Z");

    private static NodeGroup group(List<NodeGroup.Budget> budgets, List<NodeGroup.Schedule> schedules, NodeGroup.Status status) {
        NodeGroup.Spec spec = new NodeGroup.Spec(0, 10, new NodeGroup.VpsieRef("c", 1L), null, null, null, null, null, schedules,
                new NodeGroup.Disruption(budgets, null), null, null, null);
        return new NodeGroup("g", "ns", "1", spec, status);
    }

    private static NodeGroup.Budget budget(String nodes, List<String> reasons, String schedule, String duration, String zone) {
        return new NodeGroup.Budget(nodes, reasons, schedule, duration, zone);
    }

    @ParameterizedTest(name = "{0} of {1} nodes -> {2}")
    @CsvSource({"1, 7, 1", "0, 7, 0", "20%, 7, 2", "10%, 7, 1", "100%, 3, 3", "0%, 3, 0", "50%, 0, 0"})
    void aCountOrAPercentageRoundedUp(String nodes, int size, int allowed) {
        Disruption d = DisruptionBudgets.of(group(List.of(budget(nodes, null, null, null, null)), List.of(), NodeGroup.Status.EMPTY), size, NOON);
        assertThat(d.budgets()).singleElement().satisfies(b -> assertThat(b.nodes()).isEqualTo(allowed));
    }

    @Test
    void aWindowedBudgetHoldsOnlyInsideItsWindowInItsOwnZone() {
        NodeGroup g = group(List.of(budget("0", List.of("Empty", "Underutilized"), "0 22 * * *", "8h", "Europe/Berlin")), List.of(),
                NodeGroup.Status.EMPTY);
        Disruption night = DisruptionBudgets.of(g, 3, NIGHT);
        assertThat(night.budgets()).singleElement().satisfies(b -> {
            assertThat(b.nodes()).isZero();
            assertThat(b.reasons()).isEqualTo(Set.of(DisruptionReason.EMPTY, DisruptionReason.UNDERUTILIZED));
            assertThat(b.source()).contains("spec.disruption.budgets[0]").contains("until 2026-12-08T06:00+01:00[Europe/Berlin]");
        });
        assertThat(DisruptionBudgets.of(g, 3, NOON).budgets()).as("closed at noon").isEmpty();
    }

    @Test
    void nodesBeingRemovedAlreadyAreCountedFromStatus() {
        NodeGroup.Status draining = NodeGroup.Status.EMPTY.withDraining(List.of(
                new NodeGroup.Draining("n1", NOON, NodeGroup.DrainStep.EVICTING, null, "test")));
        assertThat(DisruptionBudgets.of(group(List.of(), List.of(), draining), 3, NOON).disrupting()).isEqualTo(1);
    }

    @Test
    void theLowestOpenCapWinsAndSaysItsWindowInItsZone() {
        List<NodeGroup.Schedule> schedules = List.of(
                new NodeGroup.Schedule("evening", "0 18 * * *", "12h", null, "Europe/Berlin", 2),
                new NodeGroup.Schedule("night", "0 22 * * *", "8h", 0, "Europe/Berlin", 0),
                new NodeGroup.Schedule("peak", "0 8 * * *", "10h", 4, "Europe/Berlin", null));
        Disruption night = DisruptionBudgets.of(group(List.of(), schedules, NodeGroup.Status.EMPTY), 3, NIGHT);
        assertThat(night.cap()).isZero();
        assertThat(night.capSource()).isEqualTo("schedule night caps the group at 0 node(s) until 2026-12-08T06:00+01:00[Europe/Berlin]");
        assertThat(DisruptionBudgets.of(group(List.of(), schedules, NodeGroup.Status.EMPTY), 3, NOON).capped()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "nodes 'x'                | x    |                | 0 22 * * * | 8h | UTC          | spec.disruption.budgets[0].nodes",
            "nodes over 100%          | 120% |                | 0 22 * * * | 8h | UTC          | spec.disruption.budgets[0].nodes",
            "an unknown reason        | 1    | Idle           | 0 22 * * * | 8h | UTC          | spec.disruption.budgets[0].reasons[0]",
            "a schedule without time  | 1    |                | 0 22 * * * |    | UTC          | spec.disruption.budgets[0]",
            "a bad cron               | 1    |                | at night   | 8h | UTC          | spec.disruption.budgets[0].schedule",
            "a bad zone               | 1    |                | 0 22 * * * | 8h | Mars/Olympus | spec.disruption.budgets[0].timeZone",
            "a bad duration           | 1    |                | 0 22 * * * | 8x | UTC          | spec.disruption.budgets[0].duration",
            "a window of no time      | 1    |                | 0 22 * * * | 0s | UTC          | spec.disruption.budgets[0].duration",
            "more nodes than a cluster| 9999 |                | 0 22 * * * | 8h | UTC          | spec.disruption.budgets[0].nodes",
            "a zone with no window    | 1    |                |            |    | UTC          | spec.disruption.budgets[0].timeZone"})
    void aBadBudgetIsOneInvalidSpecNamingItsField(String row, String nodes, String reason, String cron, String duration, String zone, String field) {
        NodeGroup g = group(List.of(budget(nodes, reason == null ? null : List.of(reason), cron, duration, zone)), List.of(), NodeGroup.Status.EMPTY);
        assertThat(SpecRules.problem(g.spec())).get().satisfies(p -> assertThat(p.field()).as(p.getMessage()).isEqualTo(field));
    }

    @ParameterizedTest(name = "repair after {0}, maxUnhealthy {1} -> {2}")
    @CsvSource(delimiter = '|', value = {"| | on after 10m, at most 2 of 7", "off | | off", "0 | | off", "3m | 3 | on after 3m, at most 3 of 7",
            "3m | 50% | on after 3m, at most 4 of 7"})
    void repairReadsItsDefaultsCountsAndPercentages(String after, String most, String expected) {
        NodeGroup.Spec spec = new NodeGroup.Spec(0, 10, new NodeGroup.VpsieRef("c", 1L), null, null, null, null, null, null, null,
                new NodeGroup.Repair(after, most), null, null);
        var policy = DisruptionBudgets.repair(spec, 7);
        assertThat(policy.on() ? "on after " + policy.after().toMinutes() + "m, at most " + policy.maxUnhealthy() + " of 7" : "off").isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"soon | 1 | spec.repair.after", "10m | x | spec.repair.maxUnhealthy", "10m | 101% | spec.repair.maxUnhealthy"})
    void aBadRepairSettingNamesItsField(String after, String most, String field) {
        NodeGroup.Spec spec = new NodeGroup.Spec(0, 10, new NodeGroup.VpsieRef("c", 1L), null, null, null, null, null, null, null,
                new NodeGroup.Repair(after, most), null, null);
        assertThat(SpecRules.problem(spec)).get().satisfies(p -> assertThat(p.field()).as(p.getMessage()).isEqualTo(field));
    }

    @Test
    void aScheduleWithACapBelowItsFloorIsRefused() {
        NodeGroup g = group(List.of(), List.of(new NodeGroup.Schedule("x", "0 22 * * *", "8h", 3, null, 1)), NodeGroup.Status.EMPTY);
        assertThat(SpecRules.problem(g.spec())).get().satisfies(p -> assertThat(p.field()).isEqualTo("spec.schedules[0].maxNodes"));
    }
}
