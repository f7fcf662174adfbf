package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.ManualScaler;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.time.Duration;

/** {@code POST /v1/scale}: the one route that sets a target. */
@Controller("/v1/scale")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ScaleController {
    private final JsonBodies bodies;
    private final ManualScaler scaler;
    private final IdempotencyStore idempotency;
    private final ConversionService conversion;

    public ScaleController(JsonBodies bodies, ManualScaler scaler, IdempotencyStore idempotency, ConversionService conversion) {
        this.bodies = bodies;
        this.scaler = scaler;
        this.idempotency = idempotency;
        this.conversion = conversion;
    }

    @Post(consumes = MediaType.ALL)
    @ApiErrors
    @BodyErrors
    @ApiResponse(responseCode = "202", description = "the decision (DRY_RUN when dryRun is true)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Decision.class)))
    @ApiResponse(responseCode = "404", description = "no NodeGroup of that name", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "another action is in flight on the group (named in detail; nothing was done, Retry-After says when to try again), or the Idempotency-Key was used with another body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "the target is outside the group's minNodes..maxNodes, or the NodeGroup is invalid (skipped until fixed)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<Decision> scale(@RequestBody(required = true, description = "read strictly: only these fields, each of its own JSON type",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Payloads.ScaleRequest.class))) @Body byte[] body, @Header("Idempotency-Key") @Nullable String key) {
        Payloads.ScaleRequest request = strict(body);
        ManualScaler.Command command = command(request);
        Decision d = key == null || key.isBlank() ? scaler.scale(command) : idempotency.once(key, body, () -> scaler.scale(command));
        return HttpResponse.accepted().body(d);
    }

    /**
     * The request read strictly: it sets a target and may scale for real, so a value that is not
     * exactly of its type ({@code "dryRun":"TRUE"}, {@code "desiredNodes":2.5}) or a field this
     * route does not know ({@code "DryRun"}) is refused rather than read as something else.
     */
    private Payloads.ScaleRequest strict(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "expected a JSON body, got none");
        }
        if (body.length > bodies.webhookLimit()) {
            throw new ProblemException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body", "body is " + body.length + " bytes; at most "
                    + bodies.webhookLimit() + " accepted here");
        }
        StrictJson.Fields f = StrictJson.object(body).only(FIELDS);
        return new Payloads.ScaleRequest(f.string("nodeGroup", 253).orElse(null), f.integer("desiredNodes", 0, MAX_NODES).orElse(null),
                f.integer("delta", -MAX_NODES, MAX_NODES).orElse(null), f.string("reason", 1024).orElse(null),
                f.bool("dryRun").orElse(null), f.string("holdFor", 64).orElse(null));
    }

    private static final java.util.Set<String> FIELDS = java.util.Set.of("nodeGroup", "desiredNodes", "delta", "reason", "dryRun", "holdFor");
    /** More nodes than any VPSie account holds; a bound so that no count overflows. */
    private static final int MAX_NODES = 100_000;

    private ManualScaler.Command command(Payloads.ScaleRequest r) {
        if (r.nodeGroup() == null || r.nodeGroup().isBlank()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "nodeGroup", "expected the name of a NodeGroup, got none");
        }
        if ((r.desiredNodes() == null) == (r.delta() == null)) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "desiredNodes",
                    "expected exactly one of desiredNodes and delta, got " + (r.delta() == null ? "neither" : "both"));
        }
        if (r.delta() != null && r.delta() == 0) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "delta", "expected a non-zero delta, got 0");
        }
        Duration holdFor = null;
        if (r.holdFor() != null) {
            holdFor = conversion.convert(r.holdFor(), Duration.class)
                    .filter(d -> !d.isNegative() && d.compareTo(com.vpsie.autoscaler.config.DurationText.MAX) <= 0)
                    .orElseThrow(() -> new ProblemException(HttpStatus.BAD_REQUEST, "holdFor",
                            "expected a duration such as 30m, 2h or PT45M of at most a year, got '" + r.holdFor() + "'"));
        }
        return new ManualScaler.Command(r.nodeGroup(), r.desiredNodes(), r.delta(), r.reason(), Boolean.TRUE.equals(r.dryRun()), holdFor);
    }
}
