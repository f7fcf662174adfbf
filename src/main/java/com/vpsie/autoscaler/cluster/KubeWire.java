package com.vpsie.autoscaler.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The Kubernetes API objects the adapter sends and the envelopes it reads, beside the objects it
 * translates for the planner ({@link KubeObjects}).
 */
public final class KubeWire {
    private KubeWire() {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListOf<T>(@Nullable List<T> items, @Nullable ListMeta metadata) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListMeta(@JsonProperty("continue") @Nullable String continueToken, @Nullable String resourceVersion) {
    }

    /** The API server's error body. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(@Nullable String message, @Nullable String reason, @Nullable Integer code) {
    }

    /** {@code coordination.k8s.io/v1} Lease; times are MicroTime strings. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Lease(String apiVersion, String kind, KubeObjects.ObjectMeta metadata, @Nullable LeaseSpec spec) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LeaseSpec(@Nullable String holderIdentity, @Nullable Integer leaseDurationSeconds, @Nullable String acquireTime,
                            @Nullable String renewTime, @Nullable Integer leaseTransitions) {
    }

    /** {@code policy/v1} Eviction, posted to a pod's {@code eviction} subresource. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Eviction(String apiVersion, String kind, KubeObjects.ObjectMeta metadata) {
    }

    /** A core/v1 Event, as {@code kubectl describe} shows them. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String apiVersion, String kind, KubeObjects.ObjectMeta metadata, ObjectReference involvedObject, String reason, String message,
                        String type, Source source, String firstTimestamp, String lastTimestamp, Integer count,
                        @Nullable String reportingComponent) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** {@code uid} is what {@code kubectl describe} matches Events on; {@code resourceVersion} the version the Event is about. */
    public record ObjectReference(@Nullable String apiVersion, String kind, @Nullable String namespace, String name,
                                  @Nullable String uid, @Nullable String resourceVersion) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(String component) {
    }

    /** A JSON merge patch of a Node's {@code spec.unschedulable}. */
    @Serdeable
    public record NodePatch(NodePatchSpec spec) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodePatchSpec(Boolean unschedulable) {
    }
}
