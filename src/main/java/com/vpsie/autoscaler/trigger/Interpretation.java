package com.vpsie.autoscaler.trigger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What one delivery asks for: the triggers, and the items it ignored with why. */
public record Interpretation(int received, List<Trigger> triggers, List<Ignored> ignored) {

    /**
     * The node groups to reconcile, deduplicated: a trigger without a group means every group.
     * Triggers naming a group that is not managed are moved to {@code ignored} by the interpreters.
     */
    public Set<String> groups(Collection<String> allGroups) {
        Set<String> out = new TreeSet<>();
        for (Trigger t : triggers) {
            if (t.nodeGroup() == null) {
                out.addAll(allGroups);
            } else {
                out.add(t.nodeGroup());
            }
        }
        return out;
    }

    /** A short description of what triggered, for decisions and logs. */
    public String source() {
        List<String> sources = new ArrayList<>(new TreeSet<>(triggers.stream().map(Trigger::source).toList()));
        return sources.size() <= 3 ? String.join(", ", sources) : String.join(", ", sources.subList(0, 3)) + " and " + (sources.size() - 3) + " more";
    }
}
