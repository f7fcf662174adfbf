package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Disruption;
import com.vpsie.autoscaler.capacity.DisruptionReason;
import com.vpsie.autoscaler.capacity.RepairPolicy;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spec.disruption.budgets} and the schedules' caps as the planner reads them, pure functions
 * of the spec, the group's size, its status and the time. A budget counts every node of the group
 * being removed already (drains and a consolidation in status), so replicas and restarts share it.
 * A percentage is of the group's nodes, rounded up, as Karpenter reads it; unlike Karpenter's, a
 * budget's window may name its time zone.
 */
final class DisruptionBudgets {
    /** The CRD's bound on {@code spec.disruption.budgets}, Karpenter's too. */
    static final int MAX_BUDGETS = 50;
    private static final Pattern NODES = Pattern.compile("(\\d{1,4})|(\\d{1,3})%");

    private DisruptionBudgets() {
    }

    /** Reads every budget and the repair settings as {@link #of} and {@link #repair} would: a bad field throws IllegalArgumentException naming it. */
    static void check(NodeGroup.Spec spec) {
        repair(spec, 0);
        if (spec.budgets().size() > MAX_BUDGETS) {
            throw new IllegalArgumentException("spec.disruption.budgets: expected at most " + MAX_BUDGETS + " entries, got " + spec.budgets().size());
        }
        for (int i = 0; i < spec.budgets().size(); i++) {
            String at = "spec.disruption.budgets[" + i + "]";
            NodeGroup.Budget b = spec.budgets().get(i);
            if (b == null) {
                throw new IllegalArgumentException(at + ": expected a budget, got null");
            }
            nodes(b.nodes(), 0, at);
            reasons(b.reasons(), at);
            window(b, at);
        }
    }

    /** The budgets open at {@code now} for a group of {@code size} nodes, what is being removed already, and the cap. */
    static Disruption of(NodeGroup g, int size, Instant now) {
        List<Disruption.Budget> open = new ArrayList<>();
        for (int i = 0; i < g.spec().budgets().size(); i++) {
            String at = "spec.disruption.budgets[" + i + "]";
            NodeGroup.Budget b = g.spec().budgets().get(i);
            Optional<CronWindow> window = window(b, at);
            Optional<ZonedDateTime> until = window.flatMap(w -> w.openUntil(now));
            if (window.isPresent() && until.isEmpty()) {
                continue;
            }
            int nodes = nodes(b.nodes(), size, at);
            Set<DisruptionReason> reasons = reasons(b.reasons(), at);
            open.add(new Disruption.Budget(nodes, reasons, at + " allows " + nodes + " node(s) at once"
                    + (reasons.isEmpty() ? "" : " for " + String.join(", ", reasons.stream().map(DisruptionReason::wire).toList()))
                    + until.map(u -> " until " + u).orElse("")));
        }
        NodeGroup.Status st = g.status();
        int disrupting = st.drainingOrEmpty().size() + (st.replacement() == null ? 0 : st.replacement().nodes().size());
        Optional<ScheduledFloors.Cap> cap = ScheduledFloors.cap(g.spec(), now);
        return new Disruption(open, disrupting, cap.map(ScheduledFloors.Cap::maxNodes).orElse(Integer.MAX_VALUE),
                cap.map(ScheduledFloors.Cap::says).orElse(null));
    }

    /**
     * {@code spec.repair} for a group of {@code size} nodes: after 10m by default ({@code off} or
     * {@code 0} turns it off), at most {@code maxUnhealthy} NotReady nodes (a count, or a percentage
     * rounded up; by default 1 node or 20 %, whichever is more).
     */
    static RepairPolicy repair(NodeGroup.Spec spec, int size) {
        NodeGroup.Repair r = spec.repair();
        String after = r == null || r.after() == null ? "10m" : r.after().trim();
        if ("off".equals(after) || "0".equals(after)) {
            return RepairPolicy.OFF;
        }
        java.time.Duration wait = com.vpsie.autoscaler.config.DurationText.parse(after, "spec.repair.after");
        if (wait.isZero()) {
            return RepairPolicy.OFF;
        }
        int most = r == null || r.maxUnhealthy() == null ? Math.max(1, (int) Math.ceil(size * 0.2))
                : count(r.maxUnhealthy(), size, "spec.repair.maxUnhealthy", "a number of nodes such as 1 or a percentage such as 20%");
        return new RepairPolicy(wait, most);
    }

    private static int nodes(String text, int size, String at) {
        return count(text, size, at + ".nodes", "a number of nodes such as 1 or a percentage such as 20%");
    }

    /** A count or a percentage of {@code size} rounded up, read from {@code field}. */
    private static int count(String text, int size, String field, String expected) {
        Matcher m = text == null ? null : NODES.matcher(text.trim());
        if (m == null || !m.matches() || m.group(2) != null && Integer.parseInt(m.group(2)) > 100) {
            throw new IllegalArgumentException(field + ": expected " + expected + ", got " + (text == null ? "none" : "'" + text + "'"));
        }
        if (m.group(1) != null) {
            int count = Integer.parseInt(m.group(1));
            if (count > SpecRules.MAX_NODES) {
                throw new IllegalArgumentException(field + ": expected a number of nodes from 0 to " + SpecRules.MAX_NODES + " or a percentage, got '"
                        + text + "'");
            }
            return count;
        }
        return (int) Math.ceil(Integer.parseInt(m.group(2)) * (double) size / 100);
    }

    private static Set<DisruptionReason> reasons(List<String> names, String at) {
        Set<DisruptionReason> out = new LinkedHashSet<>();
        for (int i = 0; names != null && i < names.size(); i++) {
            DisruptionReason r = DisruptionReason.of(names.get(i));
            if (r == null) {
                throw new IllegalArgumentException(at + ".reasons[" + i + "]: expected one of Empty, Underutilized, Consolidation, Drifted,"
                        + " Expired, Unhealthy, got '" + names.get(i) + "'");
            }
            out.add(r);
        }
        return out;
    }

    private static Optional<CronWindow> window(NodeGroup.Budget b, String at) {
        if (b.schedule() == null && b.duration() == null) {
            if (b.timeZone() != null) {
                throw new IllegalArgumentException(at + ".timeZone: expected only with a schedule (a budget without one always holds), got '"
                        + b.timeZone() + "'");
            }
            return Optional.empty();
        }
        if (b.schedule() == null || b.duration() == null) {
            throw new IllegalArgumentException(at + ": expected schedule and duration together, got "
                    + (b.schedule() == null ? "duration " + b.duration() + " alone" : "schedule " + b.schedule() + " alone"));
        }
        return Optional.of(CronWindow.read(b.schedule(), "schedule", b.duration(), b.timeZone(), at));
    }
}
