package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many new nodes of one group the pending pods need: first-fit decreasing over every node
 * this estimate adds (not only the last one, as the Cluster Autoscaler's estimator does), checking
 * every scheduling rule against the simulated cluster, within the group's room.
 */
final class BinPacker {
    private BinPacker() {
    }

    /** An option and the simulated cluster it leads to. */
    record Estimate(ScaleUpOption option, Simulation after, Map<Pod.Shape, String> refused) {
    }

    /**
     * @param batches pod batches that pass the group's static rules, largest first
     * @param room    the most nodes this estimate may add; {@code roomReason} says what bounds it
     */
    static Estimate estimate(Simulation base, GroupTemplate group, List<Pod> daemonPods, List<PodBatch> batches,
                             int room, String roomReason, int firstIndex) {
        Simulation sim = base.fork();
        List<SimNode> fresh = new ArrayList<>();
        List<Pod> placed = new ArrayList<>();
        Map<Pod.Shape, String> refused = new HashMap<>();
        Resources requested = Resources.NONE;
        for (PodBatch batch : batches) {
            int pointer = 0;
            for (Pod pod : batch.pods()) {
                Simulation.PodCycle cycle = sim.prepare(pod);
                SimNode target = null;
                for (int i = batch.monotone() ? pointer : 0; i < fresh.size(); i++) {
                    if (FitPredicate.admitsAll(FitPredicate.DYNAMIC, pod, fresh.get(i), cycle)) {
                        target = fresh.get(i);
                        pointer = i;
                        break;
                    }
                }
                if (target == null) {
                    // Refused by an empty new node: another new node would refuse it the same way.
                    SimNode last = fresh.isEmpty() ? null : fresh.get(fresh.size() - 1);
                    if (last != null && last.placed == 0) {
                        refused.put(batch.shape(), FitPredicate.firstRejection(FitPredicate.DYNAMIC, pod, last, cycle));
                        break;
                    }
                    if (fresh.size() >= room) {
                        refused.put(batch.shape(), roomReason);
                        break;
                    }
                    SimNode n = newNode(sim, group, group.name() + "-new-" + (firstIndex + fresh.size()), SimNode.Kind.NEW, daemonPods);
                    fresh.add(n);
                    cycle = sim.prepare(pod);
                    String reason = FitPredicate.firstRejection(FitPredicate.DYNAMIC, pod, n, cycle);
                    if (reason != null) {
                        refused.put(batch.shape(), reason);
                        break;
                    }
                    target = n;
                    pointer = fresh.size() - 1;
                }
                sim.place(pod, target);
                placed.add(pod);
                requested = requested.plus(pod.requests());
            }
        }
        int used = 0;
        for (SimNode n : fresh) {
            if (n.placed == 0) {
                sim.remove(n);
            } else {
                used++;
            }
        }
        return new Estimate(new ScaleUpOption(group, used, placed, requested), sim, refused);
    }

    /** A node of the group as it would join: its DaemonSet pods start on it first. */
    static SimNode newNode(Simulation sim, GroupTemplate group, String name, SimNode.Kind kind, List<Pod> daemonPods) {
        SimNode n = sim.add(group.newNode(name), kind, group.allocatable());
        for (Pod ds : daemonPods) {
            sim.seed(ds.boundTo(name, "Running"), n);
        }
        return n;
    }
}
