package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.AutoscalerPolicy;
import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.AutoProvisioning;
import com.vpsie.autoscaler.capacity.GroupTemplate;
import com.vpsie.autoscaler.capacity.Taint;
import com.vpsie.autoscaler.config.TemplateConfig;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The AutoscalerPolicy's {@code spec.autoProvisioning} as the planner reads it: one would-be group
 * per allowed VPSie size, named {@value #PREFIX}{@code <size name>} (so a group made for a size is
 * found again by its name, after any crash), with the policy's labels and taints and the size's
 * machine and price. A group of that name that exists already is an ordinary NodeGroup, and counts
 * against {@code maxGroups}. A setting that breaks a rule proposes nothing and says which field.
 */
final class NewGroups {
    static final String PREFIX = "auto-";
    static final int DEFAULT_MAX_GROUPS = 3;
    static final int MOST_GROUPS = 50;
    /** The most nodes one created group may have (its NodeGroup's maxNodes). */
    static final int MAX_NODES = 100;

    private NewGroups() {
    }

    /**
     * @param offers     VPSie's sizes in a datacenter
     * @param datacenter the datacenter of the existing groups, for a policy that names none (null: unknown)
     */
    static AutoProvisioning of(AutoscalerPolicy policy, ClusterView view, Function<String, List<VpsiePort.VpsieSize>> offers, String datacenter,
                               TemplateConfig template) {
        AutoscalerPolicy.AutoProvisioning a = policy == null ? null : policy.spec().autoProvisioning();
        if (a == null || !Boolean.TRUE.equals(a.enabled())) {
            return AutoProvisioning.OFF;
        }
        Optional<String> problem = problem(a);
        if (problem.isPresent()) {
            return AutoProvisioning.refusing("AutoscalerPolicy " + policy.name() + ": " + problem.get());
        }
        List<String> creating = view.nodeGroups().stream().filter(GroupCreator::pending).map(NodeGroup::name).sorted().toList();
        if (!creating.isEmpty()) {
            // The pods a group being created is for would otherwise look homeless and get a second group of the next size.
            return AutoProvisioning.refusing(String.join(", ", creating) + " is being created (its VPSie group is asked for); no other group"
                    + " is proposed until VPSie has it");
        }
        String dc = a.datacenter() != null ? a.datacenter() : datacenter;
        if (dc == null) {
            return AutoProvisioning.refusing("AutoscalerPolicy " + policy.name() + ": spec.autoProvisioning.datacenter: expected a VPSie"
                    + " datacenter identifier, got none, and no existing group names one");
        }
        List<VpsiePort.VpsieSize> offered;
        try {
            offered = offers.apply(dc);
        } catch (VpsiePort.VpsieException e) {
            return AutoProvisioning.refusing("VPSie's sizes in datacenter " + dc + " could not be read (" + e.getMessage() + ")");
        }
        List<VpsiePort.VpsieSize> allowed = new ArrayList<>();
        List<String> names = a.sizes() == null ? List.of() : a.sizes();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Optional<VpsiePort.VpsieSize> s = offered.stream().filter(o -> name.equals(o.name())).findFirst();
            if (s.isEmpty()) {
                return AutoProvisioning.refusing("AutoscalerPolicy " + policy.name() + ": spec.autoProvisioning.sizes[" + i + "]: expected a size"
                        + " VPSie offers in datacenter " + dc + ", got '" + name + "'");
            }
            allowed.add(s.get());
        }
        if (names.isEmpty()) {
            offered.stream().filter(o -> (a.minCpu() == null || o.cpu() >= a.minCpu()) && (a.maxCpu() == null || o.cpu() <= a.maxCpu())
                    && (a.maxHourlyPrice() == null || o.hourlyPrice() <= a.maxHourlyPrice()) && o.hourlyPrice() > 0).forEach(allowed::add);
        }
        Map<String, String> labels = a.labels() == null ? Map.of() : a.labels();
        List<Taint> taints = a.taints() == null ? List.of() : a.taints().stream().map(t -> new Taint(t.key(), t.value(), t.effect())).toList();
        List<GroupTemplate> candidates = new ArrayList<>();
        Map<String, AutoProvisioning.Size> sizes = new HashMap<>();
        long created = view.nodeGroups().stream().filter(g -> g.name().startsWith(PREFIX)).count();
        for (VpsiePort.VpsieSize s : allowed) {
            String name = nameFor(s.name());
            if (view.group(name).isPresent()) {
                continue;  // made already: an ordinary group now
            }
            Map<String, String> own = new LinkedHashMap<>(labels);
            own.put(SIZE_LABEL, name.substring(PREFIX.length()));
            candidates.add(GroupTemplate.of(name, 0, MAX_NODES, own, taints, template.allocatableOf(s.cpu(), s.ramMb())).withCost(0, s.hourlyPrice())
                    .withMachine(new GroupTemplate.Machine(s.cpu(), s.ramMb())));
            sizes.put(name, new AutoProvisioning.Size(s.id(), s.name(), s.cpu(), s.ramMb(), s.hourlyPrice()));
        }
        int most = a.maxGroups() == null ? DEFAULT_MAX_GROUPS : a.maxGroups();
        return new AutoProvisioning(candidates, sizes, (int) Math.max(0, most - created));
    }

    /** The label every node of a created group carries: its VPSie size's name, as a label value. */
    static final String SIZE_LABEL = "autoscaler.vpsie.com/size";

    /** {@value #PREFIX} and the size's name as a Kubernetes name (lower case, other characters as '-', at most 63). */
    static String nameFor(String sizeName) {
        String n = (PREFIX + (sizeName == null ? "size" : sizeName)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+$", "");
        return n.length() > 63 ? n.substring(0, 63).replaceAll("-+$", "") : n;
    }

    /** The first rule the settings break, as "field: expected …, got …"; empty when they are valid. */
    static Optional<String> problem(AutoscalerPolicy.AutoProvisioning a) {
        if (a.maxGroups() != null && (a.maxGroups() < 1 || a.maxGroups() > MOST_GROUPS)) {
            return Optional.of("spec.autoProvisioning.maxGroups: expected a number from 1 to " + MOST_GROUPS + ", got " + a.maxGroups());
        }
        if (a.sizes() != null && a.sizes().size() > 50) {
            return Optional.of("spec.autoProvisioning.sizes: expected at most 50 size names, got " + a.sizes().size());
        }
        for (int i = 0; a.sizes() != null && i < a.sizes().size(); i++) {
            String n = a.sizes().get(i);
            if (n == null || n.isBlank() || n.length() > 63) {
                return Optional.of("spec.autoProvisioning.sizes[" + i + "]: expected a VPSie size name of at most 63 characters, got "
                        + (n == null ? "none" : n.length() > 63 ? n.length() + " characters" : "'" + n + "'"));
            }
        }
        if (a.minCpu() != null && a.minCpu() < 1) {
            return Optional.of("spec.autoProvisioning.minCpu: expected at least 1, got " + a.minCpu());
        }
        if (a.maxCpu() != null && (a.maxCpu() < 1 || a.minCpu() != null && a.maxCpu() < a.minCpu())) {
            return Optional.of("spec.autoProvisioning.maxCpu: expected at least 1 and at least minCpu (" + a.minCpu() + "), got " + a.maxCpu());
        }
        if (a.maxHourlyPrice() != null && !(a.maxHourlyPrice() > 0 && a.maxHourlyPrice() <= PolicyRules.MAX_HOURLY)) {
            return Optional.of("spec.autoProvisioning.maxHourlyPrice: expected dollars per hour above 0 and at most " + (long) PolicyRules.MAX_HOURLY
                    + ", got " + a.maxHourlyPrice());
        }
        if (a.datacenter() != null && (a.datacenter().isBlank() || a.datacenter().length() > 128)) {
            return Optional.of("spec.autoProvisioning.datacenter: expected a VPSie datacenter identifier of at most 128 characters, got "
                    + a.datacenter().length() + " characters");
        }
        if (a.labels() != null && a.labels().size() > 64 || a.taints() != null && a.taints().size() > 32) {
            return Optional.of("spec.autoProvisioning: expected at most 64 labels and 32 taints, got " + (a.labels() == null ? 0 : a.labels().size())
                    + " and " + (a.taints() == null ? 0 : a.taints().size()));
        }
        NodeGroup.Spec asTemplate = new NodeGroup.Spec(0, 1, null, new NodeGroup.Template(a.labels(), a.taints(), null), null, null, null, null,
                null, null, null, null, null);
        Optional<String> template = TemplateRules.problem(asTemplate);
        if (template.isPresent()) {
            return Optional.of(template.get().replace("spec.template.", "spec.autoProvisioning."));
        }
        if (a.emptyTtl() != null) {
            return SpecRules.duration(a.emptyTtl(), "spec.autoProvisioning.emptyTtl");
        }
        return Optional.empty();
    }
}
