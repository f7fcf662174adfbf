package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.trigger.Ignored;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** The JSON the function takes and gives on its webhook and manual routes. */
public final class Payloads {
    private Payloads() {
    }

    /** Alertmanager's webhook body, version 4. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AlertmanagerPayload(@Nullable String version, @Nullable String status, @Nullable String receiver,
                                      @Nullable List<Alert> alerts, @Nullable Map<String, String> groupLabels,
                                      @Nullable Map<String, String> commonLabels, @Nullable String groupKey) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(@Nullable String status, @Nullable Map<String, String> labels, @Nullable Map<String, String> annotations,
                        @Nullable String startsAt, @Nullable String endsAt, @Nullable String fingerprint) {
    }

    /** A core/v1 Event as the event exporter's webhook sink sends it. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KubeEvent(@Nullable Map<String, Object> metadata, @Nullable String reason, @Nullable String message,
                            @Nullable String type, @Nullable String eventTime, @Nullable String firstTimestamp,
                            @Nullable String lastTimestamp, @Nullable Integer count, @Nullable InvolvedObject involvedObject) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InvolvedObject(@Nullable String kind, @Nullable String namespace, @Nullable String name) {
    }

    /** {@code POST /v1/scale}: exactly one of desiredNodes and delta. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScaleRequest(@Nullable String nodeGroup, @Nullable Integer desiredNodes, @Nullable Integer delta,
                               @Nullable String reason, @Nullable Boolean dryRun, @Nullable String holdFor) {
    }

    /** The answer to an accepted trigger. */
    @Serdeable
    /**
     * {@code stillReconciling}: groups whose reconcile had not ended when the answer was due
     * ({@code autoscaler.webhooks.answer-within}); it goes on, and its decision appears in {@code GET /v1/decisions}.
     */
    public record Accepted(int received, List<String> triggered, List<Ignored> ignored, List<Decision> decisions,
                           @io.micronaut.core.annotation.Nullable List<String> stillReconciling) {
    }
}
