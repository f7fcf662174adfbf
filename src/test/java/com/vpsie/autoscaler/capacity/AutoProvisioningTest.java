package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.vpsie.autoscaler.capacity.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

/** Groups on demand in the planner: the cheapest allowed size that holds the pods no group can host, within the limits and maxGroups. */
class AutoProvisioningTest {
    private static final AutoProvisioning.Size SMALL = new AutoProvisioning.Size(101, "k8s-2c-4g", 2, 4096, 0.0278);
    private static final AutoProvisioning.Size MEDIUM = new AutoProvisioning.Size(102, "k8s-4c-8g", 4, 8192, 0.0556);
    private static final AutoProvisioning.Size LARGE = new AutoProvisioning.Size(103, "k8s-8c-16g", 8, 16384, 0.1111);
    private static final AutoProvisioning.Size HUGE = new AutoProvisioning.Size(104, "k8s-16c-32g", 16, 32768, 0.2222);

    private static AutoProvisioning allowing(int room, AutoProvisioning.Size... sizes) {
        List<GroupTemplate> candidates = new ArrayList<>();
        Map<String, AutoProvisioning.Size> bySize = new java.util.HashMap<>();
        for (AutoProvisioning.Size s : sizes) {
            String name = "auto-" + s.name();
            candidates.add(GroupTemplate.of(name, 0, 100, Map.of("autoscaler.vpsie.com/size", s.name()), List.of(),
                    res(s.cpu() * 1000L - 100, s.ramMb() - 300, 110)).withCost(0, s.hourly()).withMachine(new GroupTemplate.Machine(s.cpu(), s.ramMb())));
            bySize.put(name, s);
        }
        return new AutoProvisioning(candidates, bySize, room);
    }

    /** Only a 2-CPU group, one node of it running, and a pending 6-CPU pod. */
    private static Plan plan(AutoProvisioning auto, ClusterLimits limits) {
        GroupTemplate general = GroupTemplate.of("general", 1, 10, Map.of(), List.of(), res(1900, 3700, 110)).withCost(0, 0.0278)
                .withMachine(new GroupTemplate.Machine(2, 4096));
        Node n = Fixtures.node("general-1", "general", res(1900, 3700, 110), Map.of());
        Pod big = Pod.pending("default", "batch", res(6000, 1024, 0)).withOwner("Job", false);
        return Fixtures.plan(new ClusterSnapshot(List.of(n), List.of(big), List.of(general)),
                new PlanningPolicy(Expander.LEAST_COST, 0, limits, auto));
    }

    @Test
    void aPodNoGroupCanHostGetsANewGroupOfTheCheapestSizeThatHoldsIt() {
        Plan p = plan(allowing(3, SMALL, MEDIUM, LARGE, HUGE), ClusterLimits.NONE);
        assertThat(p.newGroups()).singleElement().satisfies(g -> {
            assertThat(g.size()).isEqualTo(LARGE);
            assertThat(g.nodes()).isEqualTo(1);
            assertThat(g.pods()).containsExactly("default/batch");
            assertThat(g.hourly()).isEqualTo(0.1111);
        });
        assertThat(p.unschedulablePods()).as("planned for the new group").isEmpty();
        assertThat(p.placements().get("default/batch").group()).isEqualTo("auto-k8s-8c-16g");
    }

    @Test
    void anHourlyLimitBelowThatPricePlansNothingAndNamesTheLimit() {
        Plan p = plan(allowing(3, SMALL, MEDIUM, LARGE, HUGE), new ClusterLimits(0, 0, 0, 0.10, null));
        assertThat(p.newGroups()).isEmpty();
        assertThat(p.unschedulablePods()).singleElement().satisfies(u -> assertThat(u.reason())
                .contains("group auto-k8s-8c-16g: AutoscalerPolicy spec.limits.hourlyPrice $0.1000/h reached ($0.0278/h held, $0.1111/h a node)"));
    }

    @Test
    void noRoomForAnotherGroupPlansNoneAndSaysSo() {
        Plan p = plan(allowing(0, LARGE), ClusterLimits.NONE);
        assertThat(p.newGroups()).isEmpty();
        assertThat(p.unschedulablePods()).singleElement().satisfies(u -> assertThat(u.reason()).contains("spec.autoProvisioning.maxGroups reached"));
    }

    @Test
    void offOrNoSizeThatHoldsItPlansNothing() {
        assertThat(plan(AutoProvisioning.OFF, ClusterLimits.NONE).newGroups()).isEmpty();
        Plan tooSmall = plan(allowing(3, SMALL, MEDIUM), ClusterLimits.NONE);
        assertThat(tooSmall.newGroups()).isEmpty();
        assertThat(tooSmall.unschedulablePods()).singleElement().satisfies(u -> assertThat(u.reason()).contains("group auto-k8s-4c-8g: needs 6 CPU"));
    }
}
