package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.config.SandboxConfig;
import com.vpsie.autoscaler.vpsie.VpsieWire;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.exceptions.HttpStatusException;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The VPSie API as docs/vpsie-api.md describes it, served under {@code /sandbox/vpsie}: login in both
 * encodings, the envelope ({@code error:true} with the status), tokens that expire, and the
 * managed-Kubernetes endpoints. It checks VPSie's own credentials, not the function's tokens.
 */
@io.swagger.v3.oas.annotations.Hidden
@Controller("/sandbox/vpsie")
// Its injected latency sleeps: never on an event loop, where it stalled every other route of the process (/health among them).
@io.micronaut.scheduling.annotation.ExecuteOn(io.micronaut.scheduling.TaskExecutors.BLOCKING)
@Requires(env = "sandbox")
@Produces(MediaType.APPLICATION_JSON)
public class VpsieSimulatorController {
    private final SandboxWorld world;
    private final SandboxConfig config;
    private final Clock clock;
    private final SimulatorFaults faults;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

    public VpsieSimulatorController(SandboxWorld world, SandboxConfig config, SimulatorFaults faults, Clock clock) {
        this.world = world;
        this.config = config;
        this.faults = faults;
        this.clock = clock;
    }

    @Post(value = "/auth/from/api", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<?> loginJson(@Body Map<String, Object> body) {
        Optional<HttpResponse<?>> fault = fault("login");
        if (fault.isPresent()) {
            return fault.get();
        }
        if (!credentialsMatch(body.get("clientId"), body.get("clientSecret"))) {
            return failure(HttpStatus.UNAUTHORIZED, "Invalid client credentials");
        }
        Map<String, Object> token = Map.of("access", issue(), "refresh", issue());
        return HttpResponse.ok(Map.of("error", false, "token", token));
    }

    @Post(value = "/auth/from/api", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> loginForm(@Body Map<String, String> body) {
        Optional<HttpResponse<?>> fault = fault("login");
        if (fault.isPresent()) {
            return fault.get();
        }
        if (!credentialsMatch(body.get("clientId"), body.get("clientSecret"))) {
            return failure(HttpStatus.UNAUTHORIZED, "Invalid client credentials");
        }
        return HttpResponse.ok(Map.of("accessToken", issue(), "refreshToken", issue()));
    }

    @Get("/k8s/cluster/all")
    public HttpResponse<?> clusters(HttpRequest<?> request) {
        return fault("list clusters").or(() -> authorized(request)).orElseGet(() -> data(java.util.List.of(Map.of(
                "identifier", world.clusterId(), "cluster_name", world.clusterId(), "kube_version", SandboxWorld.KUBE_VERSION,
                "count", world.listing().size(), "managerCount", 1, "slaveCount", world.workers().size()))));
    }

    /** VPSie's version string has no leading {@code v}. */

    /**
     * The cluster with every node, master included, in the shape VPSie's autoscaler reads or, under
     * {@code nodeShape: "govpsie"}, the one govpsie reads. No node names its group, as in every VPSie answer.
     */
    @Get("/k8s/cluster/byId/{clusterId}")
    public HttpResponse<?> cluster(HttpRequest<?> request, String clusterId) {
        return fault("get cluster").or(() -> authorized(request)).or(() -> knownCluster(clusterId)).orElseGet(() -> {
            boolean govpsie = faults.current().govpsieShape();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("identifier", world.clusterId());
            c.put("cluster_name", world.clusterId());
            if (!govpsie) {
                c.put("kube_version", SandboxWorld.KUBE_VERSION);
                c.put("status", "running");
            }
            c.put("nodes", world.listing().stream().map(w -> govpsie ? govpsieNode(w) : autoscalerNode(w)).toList());
            return data(c);
        });
    }

    private Map<String, Object> autoscalerNode(SandboxWorker w) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("identifier", w.identifier());
        n.put("hostname", w.hostname());
        n.put("ip", w.ip());
        n.put("status", w.status());
        n.put("role", w.master() ? "master" : "slave");
        SandboxWorker.Machine m = world.machineOf(w);
        n.put("cpu", m.cpu());
        n.put("ram", m.ramMb());
        n.put("disk", 80);
        return n;
    }

    private static Map<String, Object> govpsieNode(SandboxWorker w) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", w.id());
        n.put("user_id", 77);
        n.put("hostname", w.hostname());
        n.put("default_ip", w.ip());
        n.put("private_ip", w.ip());
        n.put("node_type", w.master() ? "master" : "slave");
        n.put("node_id", w.id() + 4000);
        n.put("datacenter_id", 3);
        return n;
    }

    @Get("/k8s/node/groups/byClusterId/{clusterId}")
    public HttpResponse<?> nodeGroups(HttpRequest<?> request, String clusterId) {
        return fault("list node groups").or(() -> authorized(request)).or(() -> knownCluster(clusterId)).orElseGet(() -> {
            java.util.List<VpsieWire.NodeGroup> groups = world.vpsieGroups(faults.current().countLag());
            // VPSie spells this answer's count "total " with a trailing space.
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", false);
            body.put("data", groups);
            body.put("total ", groups.size());
            return HttpResponse.ok(body).header("X-Request-ID", UUID.randomUUID().toString());
        });
    }

    @Post("/k8s/offers")
    public HttpResponse<?> offers(HttpRequest<?> request, @Body @Nullable Map<String, Object> body) {
        return fault("list offers").or(() -> authorized(request)).orElseGet(() -> data(world.sizes()));
    }

    @Post("/k8s/cluster/add/group")
    public HttpResponse<?> createGroup(HttpRequest<?> request, @Body Map<String, Object> body) {
        return fault("create node group").or(() -> authorized(request))
                .or(() -> knownCluster(String.valueOf(body.get("clusterIdentifier")))).orElseGet(() -> {
                    Object name = body.get("groupName");
                    Object size = body.get("KubeSizeID");
                    if (name == null || !(size instanceof Number n)) {
                        return failure(HttpStatus.BAD_REQUEST, "groupName and KubeSizeID (integer) are required");
                    }
                    // lostAddRate loses a creation's answer too, after the group was made: only the listing shows it.
                    return world.createGroup(name.toString(), n.longValue())
                            .<HttpResponse<?>>map(g -> faults.loseAddAnswer() ? HttpResponse.status(HttpStatus.GATEWAY_TIMEOUT).body("upstream request timeout")
                                    : data(Map.of("id", g.id(), "group_name", g.groupName())))
                            .orElseGet(() -> failure(HttpStatus.OK, "Size " + n + " not found"));
                });
    }

    @Post("/k8s/cluster/byId/{clusterId}/add/slave/group/{groupId}")
    public HttpResponse<?> addWorker(HttpRequest<?> request, String clusterId, long groupId) {
        return fault("add worker").or(() -> authorized(request)).or(() -> knownCluster(clusterId)).orElseGet(() -> {
            Integer quota = faults.quota();
            if (quota != null && world.workers().size() >= quota) {
                return failure(HttpStatus.OK, "Server limit exceeds the allowed limit for this account (" + quota + " servers)");
            }
            boolean object = faults.current().objectAddAnswer();
            return world.addWorker(groupId)
                    .<HttpResponse<?>>map(w -> faults.loseAddAnswer()
                            // Carried out, but the caller never hears so: what a gateway timeout looks like.
                            ? HttpResponse.status(HttpStatus.GATEWAY_TIMEOUT).body("upstream request timeout")
                            // VPSie's own code expects a bare `true`; the worker itself only under addAnswer "object".
                            : data(object ? new VpsieWire.AddedWorker(w.id(), w.identifier(), w.status(), w.hostname()) : Boolean.TRUE))
                    .orElseGet(() -> failure(HttpStatus.OK, "Node group " + groupId + " not found"));
        });
    }

    @Delete("/k8s/cluster/byId/{clusterId}/delete/slave")
    public HttpResponse<?> removeWorker(HttpRequest<?> request, String clusterId, @Body Map<String, Object> body) {
        return fault("remove worker").or(() -> authorized(request)).or(() -> knownCluster(clusterId)).orElseGet(() -> {
            Object identifier = body.get("identifier");
            if (identifier == null) {
                return failure(HttpStatus.BAD_REQUEST, "identifier is required");
            }
            // VPSie answers an unknown worker with 404 and its error envelope (VPSie's autoscaler reads that as gone).
            return world.removeWorker(identifier.toString()) ? data(true) : failure(HttpStatus.NOT_FOUND, "Node not found");
        });
    }

    /** Deletes a group and, as the less convenient reading of an unknown VPSie, every worker in it; 404 for an unknown group. */
    @Delete("/k8s/cluster/delete/group/{groupId}")
    public HttpResponse<?> deleteGroup(HttpRequest<?> request, long groupId, @Body @Nullable Map<String, Object> body) {
        return fault("delete node group").or(() -> authorized(request)).orElseGet(() -> world.deleteGroup(groupId) ? data(true)
                : failure(HttpStatus.NOT_FOUND, "Group not found"));
    }

    /** The function's view of the simulator (guarded by the function's own tokens, not VPSie's). */
    @Get("/stats")
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>(world.stats());
        stats.put("calls", faults.callsPerOperation());
        return stats;
    }

    /**
     * Adds a worker to a VPSie group behind the function's back, as a person in VPSie's panel would:
     * {@code {"groupId": 11}}. The function must report it as unattributed and never remove it.
     */
    @Post("/workers")
    public HttpResponse<?> addForeign(@Body Map<String, Object> body) {
        if (!(body.get("groupId") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "groupId: expected the integer id of a VPSie node group, got " + body.get("groupId"));
        }
        return world.addForeignWorker(n.longValue())
                .<HttpResponse<?>>map(w -> HttpResponse.created(Map.of("identifier", w.identifier(), "hostname", w.hostname(), "status", w.status())))
                .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "groupId: no VPSie node group " + n));
    }

    /** Sets the faults the simulator injects from now on; {@code {}} clears them. */
    @Put("/faults")
    public SimulatorFaults.Faults setFaults(@Body SimulatorFaults.Faults f) {
        f.problem().ifPresent(p -> {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, p);
        });
        faults.set(f);
        return faults.current();
    }

    @Get("/faults")
    public SimulatorFaults.Faults faults() {
        return faults.current();
    }

    /** The injected fault for this call, if one is drawn; latency is added either way. */
    private Optional<HttpResponse<?>> fault(String operation) {
        long latency = faults.latency();
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SimulatorFaults.Verdict v = faults.draw(operation);
        if (v instanceof SimulatorFaults.Verdict.RateLimited r) {
            return Optional.of(failure(HttpStatus.TOO_MANY_REQUESTS, "Too many requests")
                    .header("Retry-After", Integer.toString(r.retryAfterSeconds())));
        }
        if (v instanceof SimulatorFaults.Verdict.ServerError e) {
            return Optional.of(failure(HttpStatus.valueOf(e.status()), "Internal server error"));
        }
        if (v instanceof SimulatorFaults.Verdict.ErrorInBody) {
            return Optional.of(HttpResponse.ok(Map.of("error", true, "code", 500, "message", "Something went wrong, please try again"))
                    .header("X-Request-ID", UUID.randomUUID().toString()));
        }
        return Optional.empty();
    }

    /** Ends every issued token now, as VPSie does when it expires or revokes them early; tests use it. */
    public void expireTokens() {
        tokens.replaceAll((t, until) -> Instant.MIN);
    }

    /** Every token issued so far (for tests that check no token is ever logged). */
    public java.util.Set<String> issuedTokens() {
        return java.util.Set.copyOf(tokens.keySet());
    }

    private boolean credentialsMatch(Object id, Object secret) {
        return config.clientId().equals(id) && config.clientSecret().equals(secret);
    }

    private Map<String, String> issue() {
        String token = UUID.randomUUID().toString();
        Instant expires = clock.instant().plus(config.tokenLifetime());
        tokens.put(token, expires);
        return Map.of("token", token, "expires", expires.toString());
    }

    /**
     * Every token this simulator issues comes from a login, and is taken only as
     * {@code Authorization: Bearer}: the one pairing VPSie's own code uses for login tokens. No VPSie
     * code sends one in {@code Vpsie-Auth}, so whether VPSie takes it there is unknown, and the
     * simulator takes the less convenient reading (docs/vpsie-api.md, audit).
     */
    private Optional<HttpResponse<?>> authorized(HttpRequest<?> request) {
        String token = request.getHeaders().getAuthorization().filter(a -> a.startsWith("Bearer ")).map(a -> a.substring(7)).orElse(null);
        if (token == null && request.getHeaders().get("Vpsie-Auth") != null) {
            return Optional.of(failure(HttpStatus.UNAUTHORIZED, "Unauthorized: a login token goes in Authorization: Bearer"));
        }
        Instant expires = token == null ? null : tokens.get(token);
        if (expires == null || !clock.instant().isBefore(expires)) {
            return Optional.of(failure(HttpStatus.UNAUTHORIZED, token == null ? "Unauthorized: token missing" : "Unauthorized: invalid or expired token"));
        }
        return Optional.empty();
    }

    private Optional<HttpResponse<?>> knownCluster(String clusterId) {
        return world.clusterId().equals(clusterId) ? Optional.empty()
                : Optional.of(failure(HttpStatus.OK, "Cluster " + clusterId + " not found"));
    }

    private static HttpResponse<?> data(Object data) {
        int total = data instanceof java.util.Collection<?> c ? c.size() : 1;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", false);
        body.put("data", data);
        body.put("total", total);
        return HttpResponse.ok(body).header("X-Request-ID", UUID.randomUUID().toString());
    }

    /** VPSie's failure envelope; VPSie also sends it with HTTP 200. */
    private static MutableHttpResponse<?> failure(HttpStatus status, String message) {
        return HttpResponse.status(status).body(Map.of("error", true, "code", status == HttpStatus.OK ? 400 : status.getCode(), "message", message))
                .header("X-Request-ID", UUID.randomUUID().toString());
    }
}
