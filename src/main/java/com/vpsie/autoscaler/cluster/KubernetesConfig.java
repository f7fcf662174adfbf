package com.vpsie.autoscaler.cluster;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

@ConfigurationProperties("autoscaler.kubernetes")
public class KubernetesConfig {
    /** Where the NodeGroups, Leases and group Events live; default: the pod's own namespace. */
    @Nullable
    private String namespace;
    /** Items per list page: keeps each answer small on big clusters. */
    private int pageSize = 500;
    /** How long a group's Lease holds without renewal; a crashed holder blocks others at most this long. */
    private Duration leaseDuration = Duration.ofSeconds(15);
    /**
     * A pod whose deletionTimestamp plus its grace period plus this is past counts as gone, for
     * drains and for the planner: its kubelet is not there to confirm (the Cluster Autoscaler's 30 s).
     */
    private Duration terminatingMargin = Duration.ofSeconds(30);

    public Duration getTerminatingMargin() {
        return terminatingMargin;
    }

    public void setTerminatingMargin(Duration terminatingMargin) {
        this.terminatingMargin = terminatingMargin;
    }

    @Nullable
    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(@Nullable String namespace) {
        this.namespace = namespace;
    }

    public int getPageSize() {
        return pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public Duration getLeaseDuration() {
        return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
        this.leaseDuration = leaseDuration;
    }
}
