package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.reconcile.VpsiePort;
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
 * an add never is until VPSie's own list shows that it did not happen.
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
     * Groups and their sizes, kept for {@code vpsie.groups-ttl}: a storm of triggers plans many
     * times a minute, and must not spend the request budget re-reading sizes that do not change.
     * Counting workers after an ambiguous add reads afresh ({@link #readNodeGroups}).
     */
    @Override
    public List<VpsieGroup> nodeGroups(String clusterId) {
        Instant now = clock.instant();
        CachedGroups cached = groups.get(clusterId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.groups();
        }
        List<VpsieGroup> fresh = readNodeGroups(clusterId);
        groups.put(clusterId, new CachedGroups(fresh, now.plus(config.getGroupsTtl())));
        return fresh;
    }

    private record CachedGroups(List<VpsieGroup> groups, Instant until) {
    }

    private List<VpsieGroup> readNodeGroups(String clusterId) {
        List<VpsieWire.NodeGroup> groups = read("list node groups", () -> HttpRequest.GET(transport.url("/k8s/node/groups/byClusterId/" + clusterId)),
                Argument.listOf(VpsieWire.NodeGroup.class));
        Map<String, Map<Long, Double>> prices = new HashMap<>();
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
        if (cached != null && now.isBefore(cached.until())) {
            return cached.sizes();
        }
        List<VpsieWire.Offer> list = read("list offers", () -> HttpRequest.POST(transport.url("/k8s/offers"), new VpsieWire.OffersRequest(datacenter)),
                Argument.listOf(VpsieWire.Offer.class));
        List<VpsieSize> sizes = orEmpty(list).stream().map(o -> new VpsieSize(o.id(), o.name(), o.cpu(), o.ram(), o.disk(), o.hourly())).toList();
        offers.put(datacenter, new CachedOffers(sizes, now.plus(config.getOffersTtl())));
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
        JsonNode data = call("create node group", VpsieTransport.Retry.ONLY_WHEN_NOT_DONE,
                () -> HttpRequest.POST(transport.url("/k8s/cluster/add/group"), new VpsieWire.CreateGroup(clusterId, name, sizeId)),
                Argument.of(JsonNode.class));
        JsonNode id = data == null || !data.isObject() ? null : data.get("id");
        groups.remove(clusterId);
        if (id == null || !id.isNumber()) {
            // Answered without the group: find it by name, as a lost answer would have to be found.
            return readNodeGroups(clusterId).stream().filter(g -> name.equals(g.name())).mapToLong(VpsieGroup::id).findFirst()
                    .orElseThrow(() -> new VpsieException("VPSie create node group: answered, but no group named " + name
                            + " is listed in cluster " + clusterId, 200, Failure.REJECTED));
        }
        return id.getLongValue();
    }

    @Override
    public List<VpsieNode> clusterNodes(String clusterId) {
        VpsieWire.Cluster c = read("get cluster", () -> HttpRequest.GET(transport.url("/k8s/cluster/byId/" + clusterId)),
                Argument.of(VpsieWire.Cluster.class));
        if (c == null || c.nodes() == null) {
            return List.of();
        }
        return c.nodes().stream().map(n -> new VpsieNode(n.identifier(), n.hostname(), n.status(), n.groupId())).toList();
    }

    @Override
    public void removeNode(String clusterId, String identifier) {
        groups.remove(clusterId);
        try {
            read("remove worker", () -> HttpRequest.DELETE(transport.url("/k8s/cluster/byId/" + clusterId + "/delete/slave"),
                    new VpsieWire.RemoveWorker(identifier)), Argument.of(JsonNode.class));
        } catch (VpsieException e) {
            if (e.failure() == Failure.REJECTED && e.getMessage().toLowerCase().contains("not found")) {
                LOG.info("VPSie worker {} of cluster {} already gone", identifier, clusterId);
                return;
            }
            throw e;
        }
    }

    @Override
    public Adder adder(String clusterId, long nodeGroupId) {
        return new GroupAdder(clusterId, nodeGroupId);
    }

    /**
     * Adds to one group exactly once per {@link #add()}. VPSie has no idempotency keys, so after an
     * answer that may hide a success (timeout, reset, 5xx) the adder asks VPSie how many workers the
     * group has: one more than it expects means the add happened and its answer was lost.
     */
    private final class GroupAdder implements Adder {
        private final String clusterId;
        private final long groupId;
        /** VPSie's count of the group's workers, including those this adder added; null until first asked. */
        private Integer expected;
        /** Identifiers of workers this adder knows were there or added. */
        private final Set<String> known = new HashSet<>();

        GroupAdder(String clusterId, long groupId) {
            this.clusterId = clusterId;
            this.groupId = groupId;
        }

        @Override
        public AddedNode add() {
            if (expected == null) {
                Members before = members();
                expected = before.count();
                before.nodes().forEach(n -> known.add(n.identifier()));
            }
            for (int attempt = 1; ; attempt++) {
                VpsieException failure;
                try {
                    AddedNode added = addOnce();
                    expected++;
                    known.add(added.identifier());
                    return added;
                } catch (VpsieException e) {
                    if (!e.failure().ambiguous()) {
                        throw e;
                    }
                    failure = e;
                }
                Members now = members();
                if (now.count() > expected) {
                    expected++;
                    List<VpsieNode> fresh = now.nodes().stream().filter(n -> !known.contains(n.identifier())).toList();
                    AddedNode found = fresh.size() == 1 ? new AddedNode(fresh.get(0).identifier(), fresh.get(0).hostname()) : new AddedNode(null, null);
                    known.add(found.identifier());
                    LOG.info("VPSie add worker to group {} failed ({}), but VPSie now lists {} worker(s) where {} were expected:"
                            + " the add happened; worker {}", groupId, failure.getMessage(), now.count(), expected - 1,
                            found.identifier() == null ? "not yet identifiable" : found.identifier());
                    return found;
                }
                if (attempt >= config.getRetryAttempts()) {
                    throw new VpsieException(failure.getMessage() + "; VPSie lists no new worker in group " + groupId
                            + " after " + attempt + " attempts, so none was added", failure.status(), failure.failure());
                }
                LOG.info("VPSie add worker to group {} failed ({}) and VPSie lists no new worker: asking again", groupId, failure.getMessage());
            }
        }

        private AddedNode addOnce() {
            groups.remove(clusterId);
            JsonNode data = call("add worker", VpsieTransport.Retry.ONLY_WHEN_NOT_DONE,
                    () -> HttpRequest.POST(transport.url("/k8s/cluster/byId/" + clusterId + "/add/slave/group/" + groupId), ""),
                    Argument.of(JsonNode.class));
            // VPSie answers either `true` (the worker's name comes later) or the worker itself.
            if (data != null && data.isObject()) {
                return new AddedNode(text(data, "identifier"), text(data, "hostname"));
            }
            return new AddedNode(null, null);
        }

        /** The group's workers as VPSie counts them ({@code nodes_count}) and lists them (where nodes name their group). */
        private Members members() {
            int count = readNodeGroups(clusterId).stream().filter(g -> g.id() == groupId).mapToInt(VpsieGroup::nodesCount).findFirst()
                    .orElseThrow(() -> new VpsieException("VPSie lists no node group " + groupId + " in cluster " + clusterId, 200, Failure.REJECTED));
            List<VpsieNode> nodes = clusterNodes(clusterId);
            boolean grouped = nodes.stream().allMatch(n -> n.groupId() != null);
            return new Members(count, grouped ? nodes.stream().filter(n -> n.groupId() == groupId).toList() : nodes);
        }
    }

    private record Members(int count, List<VpsieNode> nodes) {
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
            throw new VpsieException("VPSie " + operation + ": data is not what VPSIE_API.md describes: " + e.getMessage()
                    + VpsieTransport.suffix(answer.requestId()), answer.status(), Failure.REJECTED);
        }
    }

    private MutableHttpRequest<?> authorize(MutableHttpRequest<?> request, String token) {
        return "bearer".equalsIgnoreCase(config.getAuthHeader()) ? request.bearerAuth(token) : request.header("Vpsie-Auth", token);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
