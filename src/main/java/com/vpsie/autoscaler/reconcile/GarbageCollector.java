package com.vpsie.autoscaler.reconcile;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.capacity.Node;
import com.vpsie.autoscaler.config.ReconcileConfig;
import com.vpsie.autoscaler.port.ClusterEvent;
import com.vpsie.autoscaler.port.ClusterPort;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.port.VpsiePort;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a group's three records agree: VPSie's workers, the NodeGroup's status and the Kubernetes
 * Nodes. VPSie names no worker's group, so attribution is ours ({@link Attribution}):
 * <ul>
 *   <li>An intent whose worker is not identified yet (VPSie answered {@code true}, or the answer
 *   was lost) takes an unclaimed worker of the group's size. That match is exact because only one
 *   group at a time per VPSie cluster may have such intents ({@link AddLock}); when another group
 *   has some too, the match waits.</li>
 *   <li>An unidentified intent VPSie never accepted, for which the listing shows nothing after
 *   {@code vpsie.add-settle-time}, did not happen and leaves status; the plan may ask again.</li>
 *   <li>Unclaimed workers that no waiting intent can take are unattributed: shown, never removed.</li>
 *   <li>A NotReady Node of the group whose worker VPSie no longer lists is deleted.</li>
 * </ul>
 * Runs under the group's Lease, at most every {@code autoscaler.reconcile.gc-interval} unless an
 * intent waits to be identified.
 */
@Singleton
public class GarbageCollector {
    private final ClusterPort cluster;
    private final VpsiePort vpsie;
    private final GroupStatus status;
    private final ReconcileConfig config;
    private final UnattributedWorkers unattributed;
    private final Clock clock;
    private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();

    public GarbageCollector(ClusterPort cluster, VpsiePort vpsie, GroupStatus status, ReconcileConfig config,
                            UnattributedWorkers unattributed, Clock clock) {
        this.cluster = cluster;
        this.vpsie = vpsie;
        this.status = status;
        this.config = config;
        this.unattributed = unattributed;
        this.clock = clock;
    }

    /** What was reconciled, one reason each; empty when nothing disagreed or it is not yet time. */
    public List<String> collect(NodeGroup g, ClusterView view) {
        NodeGroup.VpsieRef ref = g.spec().vpsie();
        Instant now = clock.instant();
        Instant last = lastRun.get(g.name());
        if (ref == null || ref.clusterId() == null || ref.nodeGroupId() == null
                || (last != null && now.isBefore(last.plus(config.gcInterval())) && Attribution.unidentified(g).isEmpty())) {
            return List.of();
        }
        lastRun.put(g.name(), now);
        List<VpsiePort.VpsieNode> listing;
        Map<String, VpsiePort.VpsieGroup> sizes = new HashMap<>();
        try {
            listing = vpsie.clusterNodes(ref.clusterId());
            vpsie.nodeGroups(ref.clusterId()).forEach(v -> sizes.put(Long.toString(v.id()), v));
        } catch (VpsiePort.VpsieException e) {
            // Housekeeping must not stop the group's scale-up; it runs again at the next reconcile.
            lastRun.remove(g.name());
            return List.of("garbage collection skipped: " + e.getMessage());
        }
        List<NodeGroup> peers = Attribution.peers(g, view.nodeGroups());
        Attribution owners = Attribution.of(peers, view.nodes(), listing);
        List<String> reasons = new ArrayList<>();
        List<VpsiePort.VpsieNode> taken = identify(g, peers, owners, sizes, now, reasons);
        report(g, peers, owners, taken, sizes);
        if (!listing.isEmpty()) {
            // An empty listing is more likely a bad answer than a cluster with no nodes at all.
            deleteGone(g, view, listing, reasons);
        }
        return reasons;
    }

    /** The workers of a VPSie cluster last found in no group's records. */
    public List<VpsiePort.VpsieNode> unattributed(String clusterId) {
        return unattributed.of(clusterId);
    }

    /** Matches the group's unidentified intents to unclaimed workers, and drops those that did not happen. */
    private List<VpsiePort.VpsieNode> identify(NodeGroup g, List<NodeGroup> peers, Attribution owners, Map<String, VpsiePort.VpsieGroup> sizes,
                                                Instant now, List<String> reasons) {
        List<NodeGroup.Provisioning> waiting = Attribution.unidentified(g);
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<String> rivals = peers.stream().filter(p -> !p.name().equals(g.name()) && !Attribution.unidentified(p).isEmpty())
                .map(NodeGroup::name).toList();
        if (!rivals.isEmpty()) {
            reasons.add(waiting.size() + " add(s) not identified yet; group(s) " + rivals + " of the same VPSie cluster also wait"
                    + " for theirs, so new workers cannot be told apart: deferred until one side is identified or dropped");
            return List.of();
        }
        String clusterId = g.spec().vpsie().clusterId();
        List<VpsiePort.VpsieNode> candidates = new ArrayList<>(owners.unclaimed().stream()
                .filter(w -> fitsGroup(w, g, sizes) && !unattributed.reported(clusterId, w)).toList());
        List<VpsiePort.VpsieNode> taken = new ArrayList<>();
        Map<String, VpsiePort.VpsieNode> matched = new HashMap<>();
        List<String> dropped = new ArrayList<>();
        Instant settled = now.minus(vpsie.addSettleTime());
        for (NodeGroup.Provisioning p : waiting.stream().sorted(java.util.Comparator.comparing(NodeGroup.Provisioning::requestedAt)).toList()) {
            if (!candidates.isEmpty()) {
                VpsiePort.VpsieNode w = candidates.remove(0);
                matched.put(p.id(), w);
                taken.add(w);
            } else if (!Boolean.TRUE.equals(p.accepted()) && !p.requestedAt().isAfter(settled)) {
                dropped.add(p.id());
            }
        }
        if (matched.isEmpty() && dropped.isEmpty()) {
            reasons.add(waiting.size() + " add(s) not identified yet: VPSie lists no new worker for them; counted as provisioning");
            return taken;
        }
        status.update(g.name(), s -> s.withProvisioning(s.provisioningOrEmpty().stream()
                .filter(p -> !dropped.contains(p.id()))
                .map(p -> Optional.ofNullable(matched.get(p.id()))
                        .map(w -> new NodeGroup.Provisioning(p.id(), p.requestedAt(), w.identifier(), w.hostname())).orElse(p))
                .toList()));
        if (!matched.isEmpty()) {
            reasons.add("identified " + matched.size() + " added worker(s) in VPSie's listing: "
                    + String.join(", ", taken.stream().map(VpsiePort.VpsieNode::hostname).toList()));
        }
        if (!dropped.isEmpty()) {
            reasons.add(dropped.size() + " add(s) whose outcome was unknown show no worker after " + vpsie.addSettleTime()
                    + " (vpsie.add-settle-time): they did not happen and leave status");
        }
        return taken;
    }

    /** Unclaimed workers no waiting intent of any group in the VPSie cluster could take. */
    private void report(NodeGroup g, List<NodeGroup> peers, Attribution owners, List<VpsiePort.VpsieNode> taken,
                        Map<String, VpsiePort.VpsieGroup> sizes) {
        List<NodeGroup> stillWaiting = peers.stream().filter(p -> !Attribution.unidentified(p).isEmpty()
                && !(p.name().equals(g.name()) && taken.size() >= Attribution.unidentified(p).size())).toList();
        String clusterId = g.spec().vpsie().clusterId();
        List<VpsiePort.VpsieNode> orphans = owners.unclaimed().stream().filter(w -> !taken.contains(w))
                .filter(w -> unattributed.reported(clusterId, w) || stillWaiting.stream().noneMatch(p -> fitsGroup(w, p, sizes))).toList();
        for (VpsiePort.VpsieNode w : unattributed.update(clusterId, orphans)) {
            cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Warning, "UnattributedWorker", "VPSie worker " + w.hostname()
                    + " (" + w.identifier() + ") of cluster " + clusterId + " is in no node group's records: left alone, never removed;"
                    + " delete it in VPSie or label its Node " + Node.GROUP_LABEL + "=<group> to give it to a group"));
        }
    }

    private static boolean fitsGroup(VpsiePort.VpsieNode w, NodeGroup g, Map<String, VpsiePort.VpsieGroup> sizes) {
        VpsiePort.VpsieGroup size = sizes.get(String.valueOf(g.spec().vpsie().nodeGroupId()));
        return size == null || w.couldBeOfSize(size.cpu(), size.ramMb());
    }

    private void deleteGone(NodeGroup g, ClusterView view, List<VpsiePort.VpsieNode> listing, List<String> reasons) {
        for (Node n : view.nodes()) {
            if (g.name().equals(n.nodeGroup()) && !n.ready() && VpsiePort.workerNamed(listing, n.name()).isEmpty()
                    && g.status().drainingOrEmpty().stream().noneMatch(d -> d.node().equalsIgnoreCase(n.name()))) {
                cluster.deleteNode(n.name());
                cluster.record(ClusterEvent.onGroup(g, ClusterEvent.Type.Normal, "DeletedNodeGone",
                        "deleted node " + n.name() + ": NotReady and its VPSie worker no longer exists"));
                reasons.add("deleted node " + n.name() + ": NotReady and its VPSie worker is gone");
            }
        }
    }
}
