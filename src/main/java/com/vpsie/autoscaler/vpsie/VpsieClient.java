package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.reconcile.VpsiePort;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The VPSie API over HTTP: login, the envelope, and the managed-Kubernetes calls reconcile uses.
 * Thin on purpose: it translates and authenticates; retries, budgets and breakers deepen it later.
 */
@Singleton
public class VpsieClient implements VpsiePort {
    private static final Logger LOG = LoggerFactory.getLogger(VpsieClient.class);
    private static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

    private final VpsieConfig config;
    private final VpsieBaseUrl baseUrl;
    private final JsonMapper json;
    private final Clock clock;
    private HttpClient http;
    private String accessToken;
    private Instant accessExpires = Instant.MIN;
    private final Map<String, CachedOffers> offers = new ConcurrentHashMap<>();

    public VpsieClient(VpsieConfig config, VpsieBaseUrl baseUrl, JsonMapper json, Clock clock) {
        this.config = config;
        this.baseUrl = baseUrl;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public List<VpsieGroup> nodeGroups(String clusterId) {
        List<VpsieWire.NodeGroup> groups = call("list node groups", HttpRequest.GET(url("/k8s/node/groups/byClusterId/" + clusterId)),
                Argument.listOf(VpsieWire.NodeGroup.class));
        Map<String, Map<Long, Double>> prices = new HashMap<>();
        return groups.stream()
                .map(g -> new VpsieGroup(g.id(), g.groupName(), g.cpu(), g.ram(), g.nodesCount(),
                        g.dcIdentifier() == null ? 0 : prices.computeIfAbsent(g.dcIdentifier(), this::hourlyPrices).getOrDefault(g.boxsizeId(), 0.0)))
                .toList();
    }

    /**
     * Hourly price of each size in a datacenter, kept for {@code vpsie.offers-ttl}: prices change
     * rarely, and the least-cost expander needs them on every plan. A failed lookup only makes
     * prices unknown (0) for this plan; planning goes on.
     */
    private Map<Long, Double> hourlyPrices(String dc) {
        Instant now = clock.instant();
        CachedOffers cached = offers.get(dc);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.prices();
        }
        try {
            List<VpsieWire.Offer> list = call("list offers", HttpRequest.POST(url("/k8s/offers"), new VpsieWire.OffersRequest(dc)),
                    Argument.listOf(VpsieWire.Offer.class));
            Map<Long, Double> prices = new HashMap<>();
            for (VpsieWire.Offer o : list == null ? List.<VpsieWire.Offer>of() : list) {
                prices.put(o.id(), o.hourly());
            }
            offers.put(dc, new CachedOffers(prices, now.plus(config.getOffersTtl())));
            return prices;
        } catch (VpsieException e) {
            LOG.warn("prices in datacenter {} unknown: {}", dc, e.getMessage());
            return Map.of();
        }
    }

    private record CachedOffers(Map<Long, Double> prices, Instant until) {
    }

    @Override
    public List<VpsieNode> clusterNodes(String clusterId) {
        VpsieWire.Cluster c = call("get cluster", HttpRequest.GET(url("/k8s/cluster/byId/" + clusterId)), Argument.of(VpsieWire.Cluster.class));
        if (c == null || c.nodes() == null) {
            return List.of();
        }
        return c.nodes().stream().map(n -> new VpsieNode(n.identifier(), n.hostname(), n.status())).toList();
    }

    @Override
    public AddedNode addNode(String clusterId, long nodeGroupId) {
        JsonNode data = call("add worker", HttpRequest.POST(url("/k8s/cluster/byId/" + clusterId + "/add/slave/group/" + nodeGroupId), ""),
                Argument.of(JsonNode.class));
        // VPSie answers either `true` (the worker's name comes later) or the worker itself.
        if (data != null && data.isObject()) {
            JsonNode identifier = data.get("identifier");
            JsonNode hostname = data.get("hostname");
            return new AddedNode(identifier == null || identifier.isNull() ? null : identifier.coerceStringValue(),
                    hostname == null || hostname.isNull() ? null : hostname.coerceStringValue());
        }
        return new AddedNode(null, null);
    }

    @Override
    public void removeNode(String clusterId, String identifier) {
        try {
            call("remove worker", HttpRequest.DELETE(url("/k8s/cluster/byId/" + clusterId + "/delete/slave"),
                    new VpsieWire.RemoveWorker(identifier)), Argument.of(JsonNode.class));
        } catch (VpsieException e) {
            if (e.getMessage().toLowerCase().contains("not found")) {
                LOG.info("VPSie worker {} of cluster {} already gone", identifier, clusterId);
                return;
            }
            throw e;
        }
    }

    private <T> T call(String operation, MutableHttpRequest<?> request, Argument<T> type) {
        Raw raw = send(operation, request, false);
        Envelope envelope;
        try {
            envelope = json.readValue(raw.body() == null || raw.body().isBlank() ? "{}" : raw.body(), Envelope.class);
        } catch (IOException e) {
            throw new VpsieException("VPSie " + operation + ": answer is not the VPSie envelope (HTTP "
                    + raw.status() + suffix(raw.requestId()) + ")", raw.status());
        }
        if (envelope.failed() || raw.status() >= 300) {
            throw new VpsieException("VPSie " + operation + " failed: HTTP " + raw.status()
                    + (envelope.code() == null ? "" : ", code " + envelope.code()) + ", " + envelope.message() + suffix(raw.requestId()), raw.status());
        }
        if (envelope.data() == null || envelope.data().isNull()) {
            return null;
        }
        try {
            return json.readValueFromTree(envelope.data(), type);
        } catch (IOException e) {
            throw new VpsieException("VPSie " + operation + ": data is not what VPSIE_API.md describes: " + e.getMessage()
                    + suffix(raw.requestId()), raw.status());
        }
    }

    /** An HTTP answer reduced to what the envelope check needs. */
    private record Raw(int status, String body, String requestId) {
    }

    private Raw send(String operation, MutableHttpRequest<?> request, boolean retried) {
        authorize(request, token(retried));
        try {
            HttpResponse<String> ok = client().toBlocking().exchange(request.contentType(MediaType.APPLICATION_JSON_TYPE), String.class);
            return new Raw(ok.code(), ok.body(), ok.getHeaders().get("X-Request-ID"));
        } catch (HttpClientResponseException e) {
            if (e.getStatus() == HttpStatus.UNAUTHORIZED && !retried && (config.getToken() == null || config.getToken().isBlank())) {
                return send(operation, request, true);
            }
            HttpResponse<?> failed = e.getResponse();
            return new Raw(failed.code(), failed.getBody(String.class).orElse(null), failed.getHeaders().get("X-Request-ID"));
        } catch (HttpClientException e) {
            throw new VpsieException("VPSie " + operation + " failed: " + e.getMessage(), 0);
        }
    }

    private void authorize(MutableHttpRequest<?> request, String token) {
        if ("bearer".equalsIgnoreCase(config.getAuthHeader())) {
            request.bearerAuth(token);
        } else {
            request.header("Vpsie-Auth", token);
        }
    }

    private synchronized String token(boolean forceRefresh) {
        if (config.getToken() != null && !config.getToken().isBlank()) {
            return config.getToken();
        }
        if (!forceRefresh && accessToken != null && clock.instant().isBefore(accessExpires.minus(REFRESH_AHEAD))) {
            return accessToken;
        }
        if (config.getClientId() == null || config.getClientSecret() == null) {
            throw new VpsieException("VPSie credentials missing: set vpsie.client-id and vpsie.client-secret, or vpsie.token", 0);
        }
        MutableHttpRequest<?> login = HttpRequest.POST(url("/auth/from/api"),
                new VpsieWire.LoginRequest(config.getClientId(), config.getClientSecret())).contentType(MediaType.APPLICATION_JSON_TYPE);
        VpsieWire.LoginResponse answer;
        try {
            answer = client().toBlocking().retrieve(login, VpsieWire.LoginResponse.class);
        } catch (HttpClientResponseException e) {
            throw new VpsieException("VPSie login refused: HTTP " + e.getStatus().getCode(), e.getStatus().getCode());
        } catch (HttpClientException e) {
            throw new VpsieException("VPSie login failed: " + e.getMessage(), 0);
        }
        if (answer == null || Boolean.TRUE.equals(answer.error()) || answer.token() == null || answer.token().access() == null) {
            throw new VpsieException("VPSie login refused: " + (answer == null ? "empty answer" : answer.message()), 200);
        }
        accessToken = answer.token().access().token();
        accessExpires = expiry(answer.token().access().expires());
        return accessToken;
    }

    private Instant expiry(String expires) {
        if (expires != null) {
            try {
                return OffsetDateTime.parse(expires).toInstant();
            } catch (DateTimeParseException e) {
                LOG.warn("VPSie token expiry '{}' is not RFC 3339; assuming one hour", expires);
            }
        }
        return clock.instant().plus(DEFAULT_TOKEN_LIFETIME);
    }

    private String url(String path) {
        String base = baseUrl.get();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private synchronized HttpClient client() {
        if (http == null) {
            try {
                URI base = URI.create(baseUrl.get());
                DefaultHttpClientConfiguration cfg = new DefaultHttpClientConfiguration();
                cfg.setReadTimeout(config.getTimeout());
                cfg.setConnectTimeout(config.getTimeout());
                http = HttpClient.create(new URL(base.getScheme() + "://" + base.getAuthority()), cfg);
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new VpsieException("vpsie.base-url: expected an http(s) URL, got '" + baseUrl.get() + "'", 0);
            }
        }
        return http;
    }

    private static String suffix(String requestId) {
        return requestId == null ? "" : ", X-Request-ID " + requestId;
    }

    @PreDestroy
    synchronized void close() {
        if (http != null) {
            http.close();
        }
    }
}
