package com.vpsie.autoscaler.capacity;

import java.util.List;
import java.util.Locale;

/**
 * What adding nodes to one group would do for the pending pods: how many nodes, which pods they
 * would take, what they cost and how much of them would stay unused. The expander picks one.
 */
public record ScaleUpOption(GroupTemplate group, int nodes, List<Pod> pods, Resources podRequests) {
    public ScaleUpOption {
        pods = List.copyOf(pods);
    }

    /** VPSie price per hour of the nodes this option adds. */
    public double hourlyCost() {
        return nodes * group.hourlyPrice();
    }

    public double costPerPod() {
        return pods.isEmpty() ? Double.MAX_VALUE : hourlyCost() / pods.size();
    }

    /**
     * The share of the new nodes' CPU and memory the pods would leave unused, averaged over the
     * two (the Cluster Autoscaler's least-waste measure).
     */
    public double waste() {
        Resources capacity = group.allocatable();
        double cpu = 1 - Resources.ratio(podRequests.milliCpu(), capacity.milliCpu() * (long) nodes);
        double mem = 1 - Resources.ratio(podRequests.memoryBytes(), capacity.memoryBytes() * (long) nodes);
        return (cpu + mem) / 2;
    }

    public String describe() {
        return String.format(Locale.ROOT, "group %s: %d node(s) for %d pod(s), $%.4f/h, %.0f%% unused", group.name(), nodes, pods.size(),
                hourlyCost(), waste() * 100);
    }
}
