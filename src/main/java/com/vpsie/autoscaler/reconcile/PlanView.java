package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.capacity.Plan;
import com.vpsie.autoscaler.port.ClusterView;

import java.util.List;
import java.util.Map;

/** A plan, plus the groups that could not be planned and why, and the pods no plan is for: held by scheduling gates. */
public record PlanView(Plan plan, Map<String, String> skipped, List<ClusterView.GatedPod> gated) {
}
