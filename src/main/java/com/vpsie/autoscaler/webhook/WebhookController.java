package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.config.LimitsConfig;
import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.GroupQueries;
import com.vpsie.autoscaler.reconcile.Reconciling;
import com.vpsie.autoscaler.trigger.AlertInput;
import com.vpsie.autoscaler.trigger.EventInput;
import com.vpsie.autoscaler.trigger.Interpretation;
import com.vpsie.autoscaler.trigger.TriggerInterpreter;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alertmanager and event-exporter deliveries. They only say "look again": each accepted delivery
 * reconciles the groups it names, inside the request, so a Knative instance may stop right after.
 */
@Controller("/v1/webhooks")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebhookController {
    private final JsonBodies bodies;
    private final TriggerInterpreter interpreter;
    private final GroupQueries queries;
    private final Reconciling reconciler;

    private final java.util.concurrent.ExecutorService executor;
    private final java.time.Duration answerWithin;

    public WebhookController(JsonBodies bodies, TriggerInterpreter interpreter, GroupQueries queries, Reconciling reconciler,
                             @jakarta.inject.Named(io.micronaut.scheduling.TaskExecutors.BLOCKING) java.util.concurrent.ExecutorService executor,
                             LimitsConfig.Webhooks limits) {
        this.executor = executor;
        this.answerWithin = limits.answerWithin();
        this.queries = queries;
        this.bodies = bodies;
        this.interpreter = interpreter;
        this.reconciler = reconciler;
    }

    @Post(value = "/alertmanager", consumes = MediaType.ALL)
    @ApiErrors
    @BodyErrors
    @ApiResponse(responseCode = "202", description = "what was triggered, what was ignored and why, the decisions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Payloads.Accepted.class)))
    public HttpResponse<Payloads.Accepted> alertmanager(@RequestBody(required = true, description = "Alertmanager's webhook payload (version 4)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Payloads.AlertmanagerPayload.class))) @Body byte[] body) {
        Payloads.AlertmanagerPayload payload = bodies.readWebhook(body, Argument.of(Payloads.AlertmanagerPayload.class));
        if (payload.version() != null && !"4".equals(payload.version())) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "version", "expected Alertmanager webhook version \"4\", got \"" + payload.version() + "\"");
        }
        if (payload.alerts() == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "alerts", "expected an array of alerts, got none");
        }
        List<AlertInput> alerts = new ArrayList<>();
        for (int i = 0; i < payload.alerts().size(); i++) {
            Payloads.Alert a = payload.alerts().get(i);
            if (a == null || a.labels() == null) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "alerts[" + i + "].labels", "expected an object of labels, got none");
            }
            for (Map.Entry<String, String> label : a.labels().entrySet()) {
                if (label.getValue() == null) {
                    throw new ProblemException(HttpStatus.BAD_REQUEST, "alerts[" + i + "].labels." + label.getKey(),
                            "expected a string (Alertmanager label values are strings), got null");
                }
            }
            alerts.add(new AlertInput(a.status(), a.labels(), a.fingerprint()));
        }
        List<String> managed = queries.groupNames();
        return accept(interpreter.alerts(alerts, managed), managed);
    }

    @Post(value = "/events", consumes = MediaType.ALL)
    @ApiErrors
    @BodyErrors
    @ApiResponse(responseCode = "202", description = "what was triggered, what was ignored and why, the decisions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Payloads.Accepted.class)))
    public HttpResponse<Payloads.Accepted> events(@RequestBody(required = true, description = "one Kubernetes Event or an array of them",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, array = @ArraySchema(schema = @Schema(implementation = Payloads.KubeEvent.class)))) @Body byte[] body) {
        List<Payloads.KubeEvent> events = switch (JsonBodies.firstChar(body == null ? new byte[0] : body)) {
            case '[' -> bodies.readWebhook(body, Argument.listOf(Payloads.KubeEvent.class));
            case '{' -> List.of(bodies.readWebhook(body, Argument.of(Payloads.KubeEvent.class)));
            default -> throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "expected one Kubernetes Event (a JSON object) or a JSON array of them");
        };
        List<EventInput> inputs = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Payloads.KubeEvent e = events.get(i);
            if (e == null) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "[" + i + "]", "expected an Event object, got null");
            }
            Payloads.InvolvedObject o = e.involvedObject();
            inputs.add(new EventInput(e.reason(), o == null ? null : o.kind(), o == null ? null : o.namespace(), o == null ? null : o.name(),
                    newest(e), e.message()));
        }
        return accept(interpreter.events(inputs), queries.groupNames());
    }

    /** {@code managed}: the group names read once for this delivery, so it costs one cluster read before reconciling. */
    private HttpResponse<Payloads.Accepted> accept(Interpretation in, List<String> managed) {
        Set<String> groups = in.groups(managed);
        if (groups.isEmpty()) {
            return HttpResponse.accepted().body(new Payloads.Accepted(in.received(), List.of(), in.ignored(), List.of(), null));
        }
        // The reconcile (and any follow-ups folded into it) may outlast what the sender waits for: it goes on, the answer does not wait.
        java.util.concurrent.Future<List<Decision>> running = executor.submit(() -> reconciler.reconcile(groups, in.source()));
        List<Decision> decisions;
        List<String> still = null;
        try {
            decisions = running.get(answerWithin.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            decisions = List.of();
            still = List.copyOf(groups);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a reconcile", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return HttpResponse.accepted().body(new Payloads.Accepted(in.received(), List.copyOf(groups), in.ignored(), decisions, still));
    }

    /** eventTime for events.k8s.io events; lastTimestamp, then firstTimestamp, for core/v1 ones. */
    private static String newest(Payloads.KubeEvent e) {
        if (e.eventTime() != null && !e.eventTime().isBlank()) {
            return e.eventTime();
        }
        if (e.lastTimestamp() != null && !e.lastTimestamp().isBlank()) {
            return e.lastTimestamp();
        }
        if (e.firstTimestamp() != null && !e.firstTimestamp().isBlank()) {
            return e.firstTimestamp();
        }
        Object created = e.metadata() == null ? null : e.metadata().get("creationTimestamp");
        return created == null ? null : created.toString();
    }

}
