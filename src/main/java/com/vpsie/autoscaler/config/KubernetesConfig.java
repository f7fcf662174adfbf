package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code autoscaler.kubernetes.*}, checked once at start-up.
 *
 * @param namespace         where the NodeGroups, Leases and group Events live; default: the pod's own namespace
 * @param pageSize          items per list page: keeps each answer small on big clusters
 * @param leaseDuration     how long a group's Lease holds without renewal; a crashed holder blocks others at most this long
 * @param terminatingMargin a pod whose deletionTimestamp plus its grace period plus this is past counts as gone, for
 *                          drains and for the planner: its kubelet is not there to confirm (the Cluster Autoscaler's 30 s)
 */
@Context
@ConfigurationProperties("autoscaler.kubernetes")
public record KubernetesConfig(@Nullable String namespace,
                               @Bindable(defaultValue = "500") int pageSize,
                               @Bindable(defaultValue = "15s") Duration leaseDuration,
                               @Bindable(defaultValue = "30s") Duration terminatingMargin) {
    public KubernetesConfig {
        SettingChecks.atLeast(pageSize, 1, "autoscaler.kubernetes.page-size");
        SettingChecks.positive(leaseDuration, "autoscaler.kubernetes.lease-duration");
        SettingChecks.notNegative(terminatingMargin, "autoscaler.kubernetes.terminating-margin");
    }
}
