package com.vpsie.autoscaler.capacity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far a group may be disrupted now: the disruption budgets whose windows are open (each a
 * number of nodes for some reasons, or for all), how many of its nodes are being removed already
 * (they count against every budget), and the cap an open schedule window puts on its size. The
 * most restrictive budget that covers a reason wins; with none, nothing limits that reason here.
 */
public record Disruption(List<Budget> budgets, int disrupting, int cap, String capSource) {
    public static final Disruption NONE = new Disruption(List.of(), 0, Integer.MAX_VALUE, null);

    public Disruption {
        budgets = budgets == null ? List.of() : List.copyOf(budgets);
    }

    /**
     * One budget open now: at most {@code nodes} of the group's nodes disrupted at once for
     * {@code reasons} (all when empty); {@code source} names it as the operator wrote it (its index,
     * and its window with its end when it has one).
     */
    public record Budget(int nodes, Set<DisruptionReason> reasons, String source) {
        public Budget {
            reasons = reasons == null ? Set.of() : Set.copyOf(reasons);
        }

        boolean covers(DisruptionReason r) {
            return reasons.isEmpty() || reasons.contains(r);
        }
    }

    /** Whether some open budget limits {@code reason}. */
    public boolean limits(DisruptionReason reason) {
        return budgets.stream().anyMatch(b -> b.covers(reason));
    }

    public boolean capped() {
        return cap != Integer.MAX_VALUE;
    }

    /** What a plan spends of the budgets, one removal at a time. */
    Spend spend() {
        return new Spend();
    }

    final class Spend {
        private final Map<Budget, Integer> used = new HashMap<>();

        /** Takes one node for {@code reason} from every budget that covers it; the first budget that has none left, when one has not. */
        Budget take(DisruptionReason reason) {
            for (Budget b : budgets) {
                if (b.covers(reason) && disrupting + used.getOrDefault(b, 0) >= b.nodes()) {
                    return b;
                }
            }
            budgets.stream().filter(b -> b.covers(reason)).forEach(b -> used.merge(b, 1, Integer::sum));
            return null;
        }

        /** How many more nodes {@code reason} may take now; {@link Integer#MAX_VALUE} when no budget covers it. */
        int left(DisruptionReason reason) {
            int left = Integer.MAX_VALUE;
            for (Budget b : budgets) {
                if (b.covers(reason)) {
                    left = Math.min(left, Math.max(0, b.nodes() - disrupting - used.getOrDefault(b, 0)));
                }
            }
            return left;
        }
    }
}
