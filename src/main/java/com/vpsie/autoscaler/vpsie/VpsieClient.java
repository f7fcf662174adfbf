package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.config.VpsieConfig;
import com.vpsie.autoscaler.port.VpsiePort;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The VPSie API as reconcile sees it: each call translated to and from VPSie's JSON, sent through
 * {@link VpsieTransport} with the retry rule its meaning allows. Reads and removals are retried;
 * an add never is: one whose outcome is unknown is settled by reconcile from the worker listing.
 */
@Singleton
public class VpsieClient implements VpsiePort {
    private static final Logger LOG = LoggerFactory.getLogger(VpsieClient.class);

    private final VpsieConfig config;
    private final VpsieTransport transport;
    private final VpsieAuth auth;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, CachedOffers> offers = new ConcurrentHashMap<>();
    private final Map<String, CachedGroups> groups = new ConcurrentHashMap<>();

    public VpsieClient(VpsieConfig config, VpsieTransport transport, VpsieAuth auth, JsonMapper json, Clock clock) {
        this.config = config;
        this.transport = transport;
        this.auth = auth;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public List<VpsieCluster> clusters() {
        List<VpsieWire.ClusterSummary> all = read("list clusters", () -> HttpRequest.GET(transport.url("/k8s/cluster/all")),
                Argument.listOf(VpsieWire.ClusterSummary.class));
        return orEmpty(all).stream().map(c -> new VpsieCluster(c.identifier(), c.clusterName(), c.kubeVersion(),
                c.count() == null ? 0 : c.count())).toList();
    }

    /**
     * Groups and their sizes (and their cluster's Kubernetes version), kept for {@code vpsie.groups-ttl}: a storm of triggers
     * plans many times a minute and must not spend the request budget re-reading them. Adds and removals drop the cached list.
     */
    @Override
    public List<VpsieGroup> nodeGroups(String clusterId) {
        Instant now = clock.instant();
        CachedGroups cached = groups.get(clusterId);
        if (cached != null && servable(cached.until(), now, config.groupsTtl())) {
            return cached.groups();
        }
        String version = kubeVersion(clusterId);
        List<VpsieGroup> fresh = readNodeGroups(clusterId).stream().map(g -> g.inCluster(version)).toList();
        groups.put(clusterId, new CachedGroups(fresh, now.plus(config.groupsTtl())));
        return fresh;
    }

    /** The cluster's Kubernetes version as VPSie lists it (what drift compares kubelets with); null when VPSie does not answer. */
    private String kubeVersion(String clusterId) {
        try {
            return clusters().stream().filter(c -> clusterId.equals(c.identifier())).map(VpsieCluster::kubeVersion).findFirst().orElse(null);
        } catch (VpsieException e) {
            LOG.warn("Kubernetes version of VPSie cluster {} unknown this time: {}", clusterId, e.getMessage());
            return null;
        }
    }

    private record CachedGroups(List<VpsieGroup> groups, Instant until) {
    }

    /** Whether an entry kept until {@code until} may be served: not past its time, nor further ahead than its TTL (a clock stepped back). */
    private static boolean servable(Instant until, Instant now, java.time.Duration ttl) {
        return now.isBefore(until) && !until.isAfter(now.plus(ttl));
    }

    private List<VpsieGroup> readNodeGroups(String clusterId) {
        List<VpsieWire.NodeGroup> groups = read("list node groups", () -> HttpRequest.GET(transport.url("/k8s/node/groups/byClusterId/" + clusterId)),
                Argument.listOf(VpsieWire.NodeGroup.class));
        Map<String, Map<Long, Double>> prices = new HashMap<>();
        java.util.Set<String> reread = new java.util.HashSet<>();
        for (VpsieWire.NodeGroup g : orEmpty(groups)) {
            if (g.dcIdentifier() != null && !prices.computeIfAbsent(g.dcIdentifier(), this::hourlyPrices).containsKey(g.boxsizeId())
                    && reread.add(g.dcIdentifier())) {
                // A size the cached offers do not list is new since they were read: read them again, once per group listing.
                offers.remove(g.dcIdentifier());
                prices.put(g.dcIdentifier(), hourlyPrices(g.dcIdentifier()));
            }
        }
        return orEmpty(groups).stream()
                .map(g -> new VpsieGroup(g.id(), g.groupName(), g.cpu(), g.ram(), g.nodesCount(),
                        g.dcIdentifier() == null ? 0 : prices.computeIfAbsent(g.dcIdentifier(), this::hourlyPrices).getOrDefault(g.boxsizeId(), 0.0),
                        g.dcIdentifier()))
                .toList();
    }

    /** Sizes and prices in a datacenter, kept for {@code vpsie.offers-ttl}: they change rarely, and every plan needs them. */
    @Override
    public List<VpsieSize> offers(String datacenter) {
        Instant now = clock.instant();
        CachedOffers cached = offers.get(datacenter);
        if (cached != null && servable(cached.until(), now, config.offersTtl())) {
            return cached.sizes();
        }
        List<VpsieWire.Offer> list = read("list offers", () -> HttpRequest.POST(transport.url("/k8s/offers"), new VpsieWire.OffersRequest(datacenter)),
                Argument.listOf(VpsieWire.Offer.class));
        List<VpsieSize> sizes = orEmpty(list).stream().map(o -> new VpsieSize(o.id(), o.name(), o.cpu(), o.ram(), o.disk(), o.hourly())).toList();
        offers.put(datacenter, new CachedOffers(sizes, now.plus(config.offersTtl())));
        return sizes;
    }

    /** A failed price lookup only makes prices unknown (0) for this plan; planning goes on. */
    private Map<Long, Double> hourlyPrices(String dc) {
        try {
            Map<Long, Double> prices = new HashMap<>();
            offers(dc).forEach(s -> prices.put(s.id(), s.hourlyPrice()));
            return prices;
        } catch (VpsieException e) {
            LOG.warn("prices in datacenter {} unknown: {}", dc, e.getMessage());
            return Map.of();
        }
    }

    private record CachedOffers(List<VpsieSize> sizes, Instant until) {
    }

    @Override
    public long createNodeGroup(String clusterId, String name, long sizeId) {
        JsonNode data;
        try {
            data = call("create node group", VpsieTransport.Retry.ONLY_WHEN_NOT_DONE,
                    () -> HttpRequest.POST(transport.url("/k8s/cluster/add/group"), new VpsieWire.CreateGroup(clusterId, name, sizeId)),
                    Argument.of(JsonNode.class));
        } finally {
            groups.remove(clusterId);  // made or maybe made: the next listing is read fresh
        }
        JsonNode id = data == null || !data.isObject() ? null : data.get("id");
        if (id == null || !id.isNumber()) {
            // Answered without the group: find it by name, as a lost answer would have to be found.
            return readNodeGroups(clusterId).stream().filter(g -> name.equals(g.name())).mapToLong(VpsieGroup::id).findFirst()
                    .orElseThrow(() -> new VpsieException("VPSie create node group: answered, but no group named " + name
                            + " is listed in cluster " + clusterId, 200, Failure.REJECTED));
        }
        return id.getLongValue();
    }

    @Override
    public boolean deleteNodeGroup(String clusterId, long groupId) {
        groups.remove(clusterId);
        try {
            read("delete node group", () -> HttpRequest.DELETE(transport.url("/k8s/cluster/delete/group/" + groupId),
                    new VpsieWire.DeleteGroup(new VpsieWire.DeleteStatistic("autoscaler", "empty group created on demand"))), Argument.of(JsonNode.class));
            return true;
        } catch (VpsieException e) {
            return !gone(e, "node group " + groupId, () -> readNodeGroups(clusterId).stream().anyMatch(g -> g.id() == groupId));
        }
    }

    @Override
    public List<VpsieNode> clusterNodes(String clusterId) {
        JsonNode c = read("get cluster", () -> HttpRequest.GET(transport.url("/k8s/cluster/byId/" + clusterId)), Argument.of(JsonNode.class));
        JsonNode nodes = c == null || !c.isObject() ? null : c.get("nodes");
        if (nodes == null || !nodes.isArray()) {
            return List.of();
        }
        List<VpsieNode> out = new java.util.ArrayList<>();
        for (JsonNode n : nodes.values()) {
            if (n.isObject()) {
                out.add(node(n));
            }
        }
        return out;
    }

    /**
     * One listed node in either shape VPSie's code reads ({@code identifier, hostname, status, role, cpu, ram}, or govpsie's
     * {@code id, hostname, node_type}); without an identifier the numeric id stands in, so a worker is never lost track of.
     */
    private static VpsieNode node(JsonNode n) {
        String identifier = text(n, "identifier");
        if (identifier == null || identifier.isBlank()) {
            identifier = text(n, "id");
        }
        String role = text(n, "role");
        if (role == null) {
            role = text(n, "node_type");
        }
        boolean master = role != null && (role.equalsIgnoreCase("master") || role.equalsIgnoreCase("manager")
                || role.equalsIgnoreCase("control-plane"));
        return new VpsieNode(identifier, text(n, "hostname"), text(n, "status"), master, (int) number(n, "cpu"), number(n, "ram"));
    }

    private static long number(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v != null && v.isNumber() ? v.getLongValue() : 0;
    }

    @Override
    public boolean removeNode(String clusterId, String identifier) {
        groups.remove(clusterId);
        try {
            read("remove worker", () -> HttpRequest.DELETE(transport.url("/k8s/cluster/byId/" + clusterId + "/delete/slave"),
                    new VpsieWire.RemoveWorker(identifier)), Argument.of(JsonNode.class));
            return true;
        } catch (VpsieException e) {
            // A removal that cannot name the worker (an identifier VPSie does not take) answers 404 too, and deleting the
            // Node then would leave the worker billing unseen.
            return !gone(e, "worker " + identifier, () -> clusterNodes(clusterId).stream().anyMatch(n -> identifier.equals(key(n))));
        }
    }

    /** Whether a refused removal means "already gone" (a 404 or "not found", as VPSie's autoscaler reads it) and the listing agrees; else thrown again. */
    private boolean gone(VpsieException e, String what, java.util.function.BooleanSupplier stillListed) {
        if (e.failure() == Failure.REJECTED && (e.status() == 404 || e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("not found"))) {
            if (stillListed.getAsBoolean()) {
                throw new VpsieException(e.getMessage() + "; but VPSie still lists " + what + ", so it is not gone", e.status(), Failure.REJECTED);
            }
            LOG.info("VPSie {} already gone", what);
            return true;
        }
        throw e;
    }

    @Override
    public java.time.Duration addSettleTime() {
        return config.addSettleTime();
    }

    @Override
    public Adder adder(String clusterId, long nodeGroupId) {
        return new GroupAdder(clusterId, nodeGroupId);
    }

    /**
     * Adds to one group and finds the worker each add made. VPSie has no idempotency keys and may
     * answer only {@code true}; no listed node names its group, and a group's {@code nodes_count}
     * may lag an add. So the new worker is the one the cluster's listing shows now that it did not
     * show when this adder started (nor for an earlier add). An add whose answer was lost is never
     * sent again here: if the listing shows its worker it happened; if not, the caller counts it as
     * provisioning until the listing has had {@code vpsie.add-settle-time} to show it.
     */
    private final class GroupAdder implements Adder {
        private final String clusterId;
        private final long groupId;
        /** Listing keys seen before this adder's first add, or claimed by one of its adds. */
        private final Set<String> seen = new HashSet<>();
        private boolean started;
        private int cpu;
        private long ramMb;
        /**
         * Adds of this adder VPSie accepted whose worker the listing did not show then: their workers
         * may show up at any later read, and must not be taken as proof that a later add, whose
         * answer was lost, happened too.
         */
        private int owed;

        GroupAdder(String clusterId, long groupId) {
            this.clusterId = clusterId;
            this.groupId = groupId;
        }

        @Override
        public AddedNode add() {
            if (!started) {
                VpsieGroup group = nodeGroups(clusterId).stream().filter(g -> g.id() == groupId).findFirst()
                        .orElseThrow(() -> new VpsieException("VPSie lists no node group " + groupId + " in cluster " + clusterId
                                + ": nothing was added", 200, Failure.REJECTED));
                cpu = group.cpu();
                ramMb = group.ramMb();
                clusterNodes(clusterId).forEach(n -> seen.add(key(n)));
                started = true;
            }
            AddedNode answered;
            try {
                answered = addOnce();
            } catch (VpsieException e) {
                if (!e.failure().ambiguous()) {
                    throw e;
                }
                java.util.Optional<VpsieNode> found;
                try {
                    List<VpsieNode> unseen = unseen();
                    found = unseen.size() > owed ? claim(unseen) : java.util.Optional.empty();
                } catch (VpsieException listing) {
                    throw e; // the listing cannot say either: the add's outcome stays unknown
                }
                if (found.isPresent()) {
                    LOG.info("VPSie add worker to group {} failed ({}), but VPSie now lists a new worker {} ({}): the add happened",
                            groupId, e.getMessage(), found.get().identifier(), found.get().hostname());
                    return new AddedNode(found.get().identifier(), found.get().hostname(), true);
                }
                throw new VpsieException(e.getMessage() + "; VPSie lists no new worker yet, so the add may still show up:"
                        + " it counts as provisioning until vpsie.add-settle-time has passed", e.status(), e.failure());
            }
            if (answered.identified()) {
                seen.add(answered.identifier() != null ? answered.identifier() : lower(answered.hostname()));
                return answered;
            }
            try {
                java.util.Optional<VpsieNode> found = newWorker();
                if (found.isEmpty()) {
                    owed++;
                }
                return found.map(n -> new AddedNode(n.identifier(), n.hostname(), true)).orElse(answered);
            } catch (VpsieException listing) {
                owed++;
                // VPSie said yes: the worker exists whatever the listing does now. Never report this add as failed.
                LOG.info("VPSie accepted an add to group {} but its listing could not be read ({}): identified later", groupId,
                        listing.getMessage());
                return answered;
            }
        }

        /** Workers of the group's size the listing shows now that this adder has not seen or claimed. */
        private List<VpsieNode> unseen() {
            return clusterNodes(clusterId).stream().filter(n -> !n.master() && !seen.contains(key(n)) && n.couldBeOfSize(cpu, ramMb)).toList();
        }

        /** The first worker the listing shows now that this adder has not seen, claimed for the add just made. */
        private java.util.Optional<VpsieNode> newWorker() {
            return claim(unseen());
        }

        private java.util.Optional<VpsieNode> claim(List<VpsieNode> unseen) {
            java.util.Optional<VpsieNode> fresh = unseen.stream().findFirst();
            fresh.ifPresent(n -> seen.add(key(n)));
            return fresh;
        }

        private AddedNode addOnce() {
            groups.remove(clusterId);
            JsonNode data = call("add worker", VpsieTransport.Retry.ONLY_WHEN_NOT_DONE,
                    () -> HttpRequest.POST(transport.url("/k8s/cluster/byId/" + clusterId + "/add/slave/group/" + groupId), ""),
                    Argument.of(JsonNode.class));
            // VPSie's own code expects `true` (the worker shows up later); some answers carry the worker itself.
            if (data != null && data.isObject()) {
                return new AddedNode(text(data, "identifier"), text(data, "hostname"), true);
            }
            return new AddedNode(null, null, true);
        }
    }

    /** A listed node's identity: its identifier (or id), else its hostname without case. */
    private static String key(VpsieNode n) {
        return n.identifier() != null ? n.identifier() : lower(n.hostname());
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v == null || v.isNull() ? null : v.coerceStringValue();
    }

    private <T> T read(String operation, Supplier<MutableHttpRequest<?>> request, Argument<T> type) {
        return call(operation, VpsieTransport.Retry.ANY_TRANSIENT, request, type);
    }

    private <T> T call(String operation, VpsieTransport.Retry retry, Supplier<MutableHttpRequest<?>> request, Argument<T> type) {
        VpsieTransport.Answer answer = transport.call(operation, retry, token -> authorize(request.get(), token),
                auth::token, auth.refreshable() ? auth::invalidate : () -> { });
        JsonNode data = answer.envelope().data();
        if (data == null || data.isNull()) {
            return null;
        }
        try {
            return json.readValueFromTree(data, type);
        } catch (IOException e) {
            throw new VpsieException("VPSie " + operation + ": data is not what docs/vpsie-api.md describes: " + e.getMessage()
                    + VpsieTransport.suffix(answer.requestId()), answer.status(), Failure.REJECTED);
        }
    }

    private MutableHttpRequest<?> authorize(MutableHttpRequest<?> request, String token) {
        return auth.bearer() ? request.bearerAuth(token) : request.header("Vpsie-Auth", token);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
