package com.vpsie.autoscaler.capacity;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * How to choose among node groups that could all take pending pods. Every order ends in the
 * group name, so the same input always gives the same choice.
 */
public enum Expander {
    /** Lowest VPSie price per hour per pod placed. */
    LEAST_COST("least-cost"),
    /** Least CPU and memory left unused on the new nodes. */
    LEAST_WASTE("least-waste"),
    /** Highest NodeGroup {@code spec.priority}; least cost among equals. */
    PRIORITY("priority");

    private static final Comparator<ScaleUpOption> MORE_PODS = Comparator.comparingInt((ScaleUpOption o) -> o.pods().size()).reversed();
    private static final Comparator<ScaleUpOption> FEWER_NODES = Comparator.comparingInt(ScaleUpOption::nodes);
    private static final Comparator<ScaleUpOption> BY_NAME = Comparator.comparing(o -> o.group().name());
    private static final Comparator<ScaleUpOption> CHEAPEST = Comparator.comparingDouble(ScaleUpOption::costPerPod)
            .thenComparing(MORE_PODS).thenComparing(FEWER_NODES).thenComparingDouble(ScaleUpOption::waste).thenComparing(BY_NAME);

    private final String wireName;

    Expander(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Best option first. */
    public Comparator<ScaleUpOption> order() {
        return switch (this) {
            case LEAST_COST -> CHEAPEST;
            case LEAST_WASTE -> Comparator.comparingDouble(ScaleUpOption::waste).thenComparing(MORE_PODS)
                    .thenComparingDouble(ScaleUpOption::costPerPod).thenComparing(FEWER_NODES).thenComparing(BY_NAME);
            case PRIORITY -> Comparator.comparingInt((ScaleUpOption o) -> o.group().priority()).reversed().thenComparing(CHEAPEST);
        };
    }

    public static Expander parse(String name) {
        for (Expander e : values()) {
            if (e.wireName.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("expander: expected one of "
                + Arrays.stream(values()).map(Expander::wireName).collect(Collectors.joining(", ")) + ", got '" + name + "'");
    }
}
