package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.ManualScaler;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

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
    public HttpResponse<Decision> scale(@Body byte[] body, @Header("Idempotency-Key") @Nullable String key) {
        Payloads.ScaleRequest request = bodies.readWebhook(body, Argument.of(Payloads.ScaleRequest.class));
        ManualScaler.Command command = command(request);
        Decision d = key == null || key.isBlank() ? scaler.scale(command) : idempotency.once(key, body, () -> scaler.scale(command));
        return HttpResponse.accepted().body(d);
    }

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
            holdFor = conversion.convert(r.holdFor(), Duration.class).filter(d -> !d.isNegative())
                    .orElseThrow(() -> new ProblemException(HttpStatus.BAD_REQUEST, "holdFor",
                            "expected a duration such as 30m, 2h or PT45M, got '" + r.holdFor() + "'"));
        }
        return new ManualScaler.Command(r.nodeGroup(), r.desiredNodes(), r.delta(), r.reason(), Boolean.TRUE.equals(r.dryRun()), holdFor);
    }
}
