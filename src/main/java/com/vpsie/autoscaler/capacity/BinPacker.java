package com.vpsie.autoscaler.capacity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many new nodes of one group the pending pods need: first-fit decreasing over every node
 * this estimate adds (not only the last one, as the Cluster Autoscaler's estimator does), checking
 * every scheduling rule against the planned cluster, within the group's room.
 */
final class BinPacker {
    private BinPacker() {
    }

    /** An option and the planned cluster it leads to. */
    record Estimate(ScaleUpOption option, PlannedCluster after, Map<Pod.Shape, Rejection> refused) {
    }

    /**
     * @param batches pod batches that pass the group's static rules, largest first
     * @param room    the most nodes this estimate may add; {@code roomLimit} says what bounds it
     */
    static Estimate estimate(PlannedCluster base, GroupTemplate group, List<Pod> daemonPods, List<PodBatch> batches,
                             int room, Rejection roomLimit, int firstIndex) {
        PlannedCluster cluster = base.fork();
        List<PlannedNode> fresh = new ArrayList<>();
        int waiting = 0;
        for (PodBatch batch : batches) {
            waiting += batch.pods().size();
        }
        List<Pod> placed = new ArrayList<>(waiting);
        Map<Pod.Shape, Rejection> refused = new HashMap<>();
        Resources requested = Resources.NONE;
        // New nodes whose DaemonSet pods hold no anti-affinity change nothing a room-only pod is judged by.
        boolean neutralDaemons = daemonPods.stream().allMatch(p -> p.antiAffinity().isEmpty());
        for (PodBatch batch : batches) {
            PodBatch.Cursor cursor = batch.cursor();
            List<Pod> pods = batch.pods();
            int placedBefore = placed.size();
            // A batch whose pods only need room (no spreading, no anti-affinity either way, no host ports):
            // its pods are laid node by node, as many at once as fit, with one state for the run.
            PreFilterState roomOnly = null;
            PreFilterState state = null;
            for (int j = 0; j < pods.size(); j++) {
                Pod pod = pods.get(j);
                state = roomOnly != null ? roomOnly : cluster.prepare(pod, state);
                if (roomOnly == null && needsRoomOnly(pod, state)) {
                    roomOnly = state;
                }
                if (roomOnly != null) {
                    for (int i = cursor.from(state); j < pods.size(); i++) {
                        if (i >= fresh.size()) {
                            // No new node so far takes another: one more takes as many as fit an empty one, which is
                            // what adding it and judging its first pod again would give. An empty last node, no room,
                            // or DaemonSet pods that could repel this one: the path below judges and words it.
                            PlannedNode last = fresh.isEmpty() ? null : fresh.get(fresh.size() - 1);
                            if (!neutralDaemons || fresh.size() >= room || last != null && last.plannedPods() == 0) {
                                break;
                            }
                            fresh.add(cluster.addGroupNode(group, group.name() + "-new-" + (firstIndex + fresh.size()), PlannedNode.Kind.NEW,
                                    daemonPods));
                            i = fresh.size() - 1;
                        }
                        long fit = fresh.get(i).free().copiesWithPodSlot(pod.requests());
                        if (fit > 0) {
                            int end = (int) Math.min(pods.size(), j + fit);
                            cluster.placeAll(pods, j, end, fresh.get(i));
                            for (int k = j; k < end; k++) {
                                placed.add(pods.get(k));
                            }
                            cursor.placedAt(i);
                            j = end;
                        }
                    }
                    if (j >= pods.size()) {
                        break;
                    }
                    pod = pods.get(j);
                }
                int at = cluster.firstFit(pod, fresh, cursor.from(state), state, null, FitPredicate.DYNAMIC);
                if (at < 0) {
                    // Refused by an empty new node: another new node would refuse it the same way.
                    PlannedNode last = fresh.isEmpty() ? null : fresh.get(fresh.size() - 1);
                    if (last != null && last.plannedPods() == 0) {
                        refused.put(batch.shape(), FitPredicate.firstRejection(pod, last, state, FitPredicate.DYNAMIC));
                        break;
                    }
                    if (fresh.size() >= room) {
                        refused.put(batch.shape(), roomLimit);
                        break;
                    }
                    PlannedNode n = cluster.addGroupNode(group, group.name() + "-new-" + (firstIndex + fresh.size()), PlannedNode.Kind.NEW, daemonPods);
                    fresh.add(n);
                    // The new node's DaemonSet pods may hold anti-affinity terms against this batch: judge it again.
                    roomOnly = null;
                    Rejection reason = FitPredicate.firstRejection(pod, n, cluster.prepare(pod), FitPredicate.DYNAMIC);
                    if (reason != null) {
                        refused.put(batch.shape(), reason);
                        break;
                    }
                    at = fresh.size() - 1;
                }
                cursor.placedAt(at);
                cluster.place(pod, fresh.get(at));
                placed.add(pod);
            }
            // A batch's pods ask alike: what it placed is summed once, not a new sum per pod or run.
            int taken = placed.size() - placedBefore;
            if (taken > 0) {
                requested = requested.plus(batch.first().requests().times(taken));
            }
        }
        int used = 0;
        for (PlannedNode n : fresh) {
            if (n.plannedPods() == 0) {
                cluster.remove(n);
            } else {
                used++;
            }
        }
        return new Estimate(new ScaleUpOption(group, used, placed, requested), cluster, refused);
    }

    /** Whether only room decides where the pod fits: then the one dynamic rule that can refuse it is {@code ResourcesFit}. */
    private static boolean needsRoomOnly(Pod pod, PreFilterState state) {
        return pod.spread().isEmpty() && pod.antiAffinity().isEmpty() && pod.hostPorts().isEmpty() && state.antiAffinityAgainst().isEmpty();
    }
}
