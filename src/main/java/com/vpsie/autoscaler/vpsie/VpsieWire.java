package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The VPSie API's JSON shapes, as docs/vpsie-api.md records them. Unknown fields are ignored. */
public final class VpsieWire {
    private VpsieWire() {
    }

    @Serdeable
    public record LoginRequest(String clientId, String clientSecret) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenPart(String token, @Nullable String expires) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenPair(TokenPart access, @Nullable TokenPart refresh) {
    }

    /**
     * Login answer in either shape: {@code {"error":false,"token":{"access":…,"refresh":…}}} or
     * {@code {"accessToken":…,"refreshToken":…}}.
     */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LoginResponse(@Nullable Boolean error, @Nullable Integer code, @Nullable String message,
                                @Nullable TokenPair token, @Nullable TokenPart accessToken, @Nullable TokenPart refreshToken) {
    }

    /** An entry of {@code /k8s/offers}: a size with its price. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Offer(long id, @Nullable String name, int cpu, long ram, long disk, double price,
                        @JsonProperty("hourly_price") @Nullable Double hourlyPrice) {
        /** Price per hour: {@code hourly_price} when given, else the monthly price over 730 hours. */
        public double hourly() {
            return hourlyPrice != null ? hourlyPrice : price / 730.0;
        }
    }

    /** An entry of {@code /k8s/node/groups/byClusterId/{id}}. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeGroup(long id,
                            @JsonProperty("group_name") @Nullable String groupName,
                            @Nullable String identifier,
                            @JsonProperty("boxsize_id") long boxsizeId,
                            @Nullable String dcIdentifier,
                            int cpu,
                            long ram,
                            long ssd,
                            @JsonProperty("nodes_count") int nodesCount,
                            @JsonProperty("cluster_id") @Nullable String clusterId,
                            @JsonProperty("is_active") @Nullable Integer isActive) {
    }

    /** The object form of the add-worker answer (it may also be just {@code true}). */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AddedWorker(@Nullable Long id, @Nullable String identifier, @Nullable String status, @Nullable String hostname) {
    }

    @Serdeable
    public record RemoveWorker(String identifier) {
    }

    @Serdeable
    public record OffersRequest(String dcIdentifier) {
    }

    /** An entry of {@code /k8s/cluster/all}. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ClusterSummary(@Nullable String identifier, @JsonProperty("cluster_name") @Nullable String clusterName,
                                 @JsonProperty("kube_version") @Nullable String kubeVersion, @Nullable Integer count) {
    }

    @Serdeable
    public record CreateGroup(String clusterIdentifier, String groupName, @JsonProperty("KubeSizeID") long kubeSizeId) {
    }

    /** The body of a group deletion, as govpsie sends it: why, for VPSie's statistics. */
    @Serdeable
    public record DeleteGroup(DeleteStatistic deleteStatistic) {
    }

    @Serdeable
    public record DeleteStatistic(String reason, String note) {
    }
}
