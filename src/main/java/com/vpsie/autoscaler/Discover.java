package com.vpsie.autoscaler;

import com.vpsie.autoscaler.port.VpsiePort;
import com.vpsie.autoscaler.reconcile.SpecRules;
import io.micronaut.context.ApplicationContext;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code vpsie-autoscaler discover}: what the VPSie account holds, read with the same settings the
 * function reads (VPSIE_BASE_URL, VPSIE_CLIENT_ID/VPSIE_CLIENT_SECRET or VPSIE_TOKEN, or
 * VPSIE_CREDENTIALS_DIR), so that nobody copies ids by hand. Without {@code --cluster}: every
 * Kubernetes cluster with its node groups. With it: NodeGroup resources for that cluster, ready to
 * apply (or Helm values with {@code --output values}), and the command that labels each worker with
 * its group where that can be known.
 */
final class Discover {
    static final String USAGE = """
            Usage: vpsie-autoscaler discover [--cluster ID|NAME] [--output yaml|values] [--namespace NS]
              without --cluster   list the account's Kubernetes clusters and their node groups
              --cluster           print NodeGroups for that cluster (kubectl apply -f -), and how to label its workers
              --output values     the NodeGroups as the Helm chart's nodeGroups value instead
              --namespace         the namespace of the NodeGroups (default vpsie-autoscaler)
            Reads VPSIE_CLIENT_ID and VPSIE_CLIENT_SECRET (or VPSIE_TOKEN, or VPSIE_CREDENTIALS_DIR) and VPSIE_BASE_URL.
            """;
    /** A maxNodes to start from when a group is empty or small; the operator sets the real bound. */
    static final int MIN_MAX_NODES = 5;

    private Discover() {
    }

    record Options(String cluster, String output, String namespace) {
    }

    /** Exit status: 0 done, 1 VPSie could not be asked (credentials, network, VPSie down), 2 a usage or lookup mistake. */
    static int run(String[] args, Map<String, Object> properties, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            err.println("discover: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o == null) {
            out.print(USAGE);
            return 0;
        }
        Map<String, Object> props = new LinkedHashMap<>(properties);
        props.put("micronaut.server.enabled", false);
        // A person waits at a terminal: two tries of 15 s, unless the environment says otherwise.
        props.putIfAbsent("vpsie.retry-attempts", System.getenv().getOrDefault("VPSIE_RETRY_ATTEMPTS", "2"));
        props.putIfAbsent("vpsie.timeout", System.getenv().getOrDefault("VPSIE_TIMEOUT", "15s"));
        try (ApplicationContext ctx = ApplicationContext.builder().environments("discover").properties(props).deduceEnvironment(false)
                .banner(false).start()) {
            VpsiePort vpsie = ctx.getBean(VpsiePort.class);
            List<VpsiePort.VpsieCluster> clusters = vpsie.clusters();
            if (o.cluster() == null) {
                list(vpsie, clusters, out);
                return 0;
            }
            Optional<VpsiePort.VpsieCluster> c = clusters.stream()
                    .filter(x -> o.cluster().equals(x.identifier()) || o.cluster().equalsIgnoreCase(x.name())).findFirst();
            if (c.isEmpty()) {
                err.println("discover: --cluster: no cluster '" + o.cluster() + "' in this VPSie account; it has: "
                        + (clusters.isEmpty() ? "none" : String.join(", ", clusters.stream().map(x -> x.name() + " (" + x.identifier() + ")").toList())));
                return 2;
            }
            nodeGroups(vpsie, c.get(), o, out);
            return 0;
        } catch (VpsiePort.VpsieException e) {
            err.println("discover: VPSie: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("discover: " + firstLine(e));
            return 1;
        }
    }

    private static Options options(String[] args) {
        String cluster = null;
        String output = "yaml";
        String namespace = "vpsie-autoscaler";
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--cluster" -> cluster = value(args, ++i, a);
                case "--output", "-o" -> output = value(args, ++i, a);
                case "--namespace", "-n" -> namespace = value(args, ++i, a);
                default -> throw new IllegalArgumentException("expected --cluster, --output or --namespace, got '" + a + "'");
            }
        }
        if (cluster == null && !output.equals("yaml")) {
            throw new IllegalArgumentException("--output " + output + ": needs --cluster, the cluster whose NodeGroups to print");
        }
        if (!output.equals("yaml") && !output.equals("values")) {
            throw new IllegalArgumentException("--output: expected yaml or values, got '" + output + "'");
        }
        return new Options(cluster, output, namespace);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + ": expected a value, got none");
        }
        return args[i];
    }

    private static void list(VpsiePort vpsie, List<VpsiePort.VpsieCluster> clusters, PrintStream out) {
        if (clusters.isEmpty()) {
            out.println("This VPSie account has no Kubernetes clusters.");
            return;
        }
        for (VpsiePort.VpsieCluster c : clusters) {
            out.printf(Locale.ROOT, "cluster %s  id %s  Kubernetes %s  %d node(s)%n", c.name(), c.identifier(), c.kubeVersion(), c.nodes());
            List<VpsiePort.VpsieGroup> groups = vpsie.nodeGroups(c.identifier());
            if (groups.isEmpty()) {
                out.println("  no node groups");
            }
            for (VpsiePort.VpsieGroup g : groups) {
                out.printf(Locale.ROOT, "  node group %-20s id %-6d %d CPU / %d MiB  $%.4f/h  %d node(s)  %s%n", g.name(), g.id(), g.cpu(), g.ramMb(),
                        g.hourlyPrice(), g.nodesCount(), g.datacenter() == null ? "" : g.datacenter());
            }
            out.println("  NodeGroups for it: vpsie-autoscaler discover --cluster " + c.identifier());
        }
    }

    private static void nodeGroups(VpsiePort vpsie, VpsiePort.VpsieCluster c, Options o, PrintStream out) {
        List<VpsiePort.VpsieGroup> groups = vpsie.nodeGroups(c.identifier());
        List<VpsiePort.VpsieNode> workers = vpsie.clusterNodes(c.identifier()).stream().filter(n -> !n.master()).toList();
        Map<Long, String> names = new LinkedHashMap<>();
        for (VpsiePort.VpsieGroup g : groups) {
            names.put(g.id(), resourceName(g, names));
        }
        boolean values = o.output().equals("values");
        out.println("# NodeGroups for VPSie cluster " + c.name() + " (" + c.identifier() + "), from `vpsie-autoscaler discover`.");
        out.println("# minNodes is each group's node count now; maxNodes a start: set the most you will pay for.");
        if (values) {
            out.println("nodeGroups:");
        }
        for (VpsiePort.VpsieGroup g : groups) {
            int max = Math.min(SpecRules.MAX_NODES, Math.max(MIN_MAX_NODES, g.nodesCount() * 2));
            String indent = values ? "      " : "  ";
            if (values) {
                out.println("  - name: " + names.get(g.id()));
                out.printf(Locale.ROOT, "    # VPSie group %s: %d CPU / %d MiB at $%.4f/h a node, %d node(s) now%n", g.name(), g.cpu(), g.ramMb(), g.hourlyPrice(),
                        g.nodesCount());
                out.println("    spec:");
            } else {
                out.println("---");
                out.printf(Locale.ROOT, "# VPSie group %s: %d CPU / %d MiB at $%.4f/h a node, %d node(s) now%n", g.name(), g.cpu(), g.ramMb(), g.hourlyPrice(),
                        g.nodesCount());
                out.println("apiVersion: autoscaler.vpsie.com/v1alpha1");
                out.println("kind: NodeGroup");
                out.println("metadata:");
                out.println("  name: " + names.get(g.id()));
                out.println("  namespace: " + o.namespace());
                out.println("spec:");
            }
            out.println(indent + "minNodes: " + g.nodesCount());
            out.println(indent + "maxNodes: " + max);
            out.println(indent + "vpsie:");
            out.println(indent + "  clusterId: " + quote(c.identifier()));
            out.println(indent + "  nodeGroupId: " + g.id());
        }
        out.println();
        out.println("# Label each worker with its NodeGroup, or it is reported as unattributed and never removed:");
        for (VpsiePort.VpsieNode w : workers) {
            List<VpsiePort.VpsieGroup> could = groups.stream().filter(g -> w.couldBeOfSize(g.cpu(), g.ramMb())).toList();
            if (could.size() == 1) {
                out.println("#   kubectl label node " + nodeName(w) + " autoscaler.vpsie.com/nodegroup=" + names.get(could.get(0).id()));
            } else {
                out.println("#   kubectl label node " + nodeName(w) + " autoscaler.vpsie.com/nodegroup=<one of: "
                        + String.join(", ", (could.isEmpty() ? groups : could).stream().map(g -> names.get(g.id())).toList())
                        + ">   (VPSie does not say which group a worker is in)");
            }
        }
        if (workers.isEmpty()) {
            out.println("#   (no workers yet)");
        }
    }

    /** The VPSie group's name as a Kubernetes object name (DNS-1123), unique among the cluster's groups. */
    static String resourceName(VpsiePort.VpsieGroup g, Map<Long, String> taken) {
        String base = (g.name() == null ? "" : g.name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "group-" + g.id();
        }
        base = base.length() > 50 ? base.substring(0, 50).replaceAll("-+$", "") : base;
        String name = base;
        if (taken.containsValue(name)) {
            name = base + "-" + g.id();
        }
        return name;
    }

    /** Kubernetes names a worker's Node by its hostname in lower case. */
    private static String nodeName(VpsiePort.VpsieNode w) {
        return w.hostname() == null ? w.identifier() : w.hostname().toLowerCase(Locale.ROOT);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
