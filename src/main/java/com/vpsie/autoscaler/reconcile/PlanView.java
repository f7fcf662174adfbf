package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.Plan;
import com.vpsie.autoscaler.port.ClusterView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan, plus the groups that could not be planned and why, and the pods no plan is for: held by scheduling gates. */
public record PlanView(Plan plan, Map<String, Skipped> skipped, List<ClusterView.GatedPod> gated) {

    /** A group left out of the plan: the code its reconcile's decision ends in, and why in words. */
    public record Skipped(Decision.Outcome outcome, String why) {
    }

    /** The groups left out, each with why in words, as answers show them. */
    public Map<String, String> skippedWhy() {
        Map<String, String> out = new LinkedHashMap<>();
        skipped.forEach((g, s) -> out.put(g, s.why()));
        return out;
    }
}
