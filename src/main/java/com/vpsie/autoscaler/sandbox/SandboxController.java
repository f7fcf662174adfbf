package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.capacity.Quantity;
import com.vpsie.autoscaler.capacity.Resources;
import com.vpsie.autoscaler.scenario.Scenario;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Drives the simulated cluster: replace the world, add and remove pods, look at it. */
@io.swagger.v3.oas.annotations.Hidden
@Controller("/sandbox")
@Requires(env = "sandbox")
public class SandboxController {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final SandboxWorld world;
    private final SimulatorFaults faults;

    public SandboxController(SandboxWorld world, SimulatorFaults faults) {
        this.world = world;
        this.faults = faults;
    }

    /** Pods to add: {@code name} a DNS label, 1 to 1000 {@code replicas}, each requesting {@code cpu} and {@code memory}. */
    @Serdeable
    public record PodsRequest(
            @Nullable String name,
            @Nullable Integer replicas,
            @Nullable String cpu,
            @Nullable String memory,
            @Nullable Map<String, String> nodeSelector) {

        /** Every field that is wrong, each named; checked here, so no validator is made for the sandbox's one checked body. */
        List<String> problems() {
            List<String> wrong = new ArrayList<>();
            if (name == null || name.isBlank()) {
                wrong.add("name: must not be blank");
            } else if (!DNS_LABEL.matcher(name).matches()) {
                wrong.add("name: must be a DNS label (lower-case letters, digits, '-'), got '" + name + "'");
            }
            if (replicas == null || replicas < 1 || replicas > 1000) {
                wrong.add("replicas: expected 1 to 1000, got " + replicas);
            }
            if (cpu == null || cpu.isBlank()) {
                wrong.add("cpu: must not be blank");
            }
            if (memory == null || memory.isBlank()) {
                wrong.add("memory: must not be blank");
            }
            return wrong;
        }
    }

    @Serdeable
    public record ClusterState(List<NodeState> nodes, List<PodState> pods) {
    }

    @Serdeable
    public record NodeState(String name, @Nullable String nodeGroup, boolean ready) {
    }

    @Serdeable
    public record PodState(String name, String phase, @Nullable String node) {
    }

    @Put("/scenario")
    public ClusterState replace(@Body Scenario scenario) {
        try {
            world.load(scenario);
            // Every count in /sandbox/vpsie/stats starts again with the new world, the per-operation calls too.
            faults.resetCounts();
        } catch (IllegalArgumentException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return cluster();
    }

    @Post("/pods")
    @Status(HttpStatus.CREATED)
    public ClusterState addPods(@Body PodsRequest request) {
        List<String> wrong = request.problems();
        if (!wrong.isEmpty()) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, String.join("; ", wrong));
        }
        Resources requests = Resources.of(quantity("cpu", request.cpu(), Quantity::milli), quantity("memory", request.memory(), Quantity::units), 0);
        if (request.nodeSelector() != null) {
            request.nodeSelector().forEach((k, v) -> {
                if (k == null || k.isBlank() || v == null) {
                    throw new HttpStatusException(HttpStatus.BAD_REQUEST, "nodeSelector." + k + ": expected a label key and a string value, got "
                            + (v == null ? "null" : "'" + v + "'"));
                }
            });
        }
        world.addPods(request.name(), request.replicas(), requests, request.nodeSelector());
        return cluster();
    }

    private static long quantity(String field, String value, java.util.function.ToLongFunction<String> parse) {
        long parsed;
        try {
            parsed = parse.applyAsLong(value);
        } catch (IllegalArgumentException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, field + ": " + e.getMessage());
        } catch (ArithmeticException tooLarge) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, field + ": expected a quantity below 2^63, got '" + value + "'");
        }
        if (parsed < 0) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, field + ": expected a quantity of 0 or more, got '" + value + "'");
        }
        return parsed;
    }

    @Delete("/pods")
    public Map<String, Integer> deletePods(@QueryValue String prefix) {
        if (prefix.isBlank()) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "prefix: must not be blank");
        }
        return Map.of("deleted", world.deletePods(prefix));
    }

    @Get("/cluster")
    public ClusterState cluster() {
        var view = world.view();
        return new ClusterState(
                view.nodes().stream().map(n -> new NodeState(n.name(), n.nodeGroup(), n.ready())).toList(),
                view.pods().stream().map(p -> new PodState(p.key(), p.phase().wire(), p.nodeName().isEmpty() ? null : p.nodeName())).toList());
    }
}
