package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code vpsie.*}: how to reach VPSie and how hard to try, checked once at start-up. Credentials:
 * a client id and secret, or a long-lived token, from configuration or a mounted Secret. Secrets
 * are only ever sent to VPSie; {@link #toString()} leaves them out.
 *
 * @param baseUrl          where the API lives; the sandbox points the client at its own simulator
 * @param token            a long-lived API token, instead of client id and secret
 * @param credentialsDir   a mounted Kubernetes Secret: files {@code client-id}, {@code client-secret}, {@code token}
 *                         and {@code url}, or the names VPSie's own autoscaler uses ({@code clientId}, {@code clientSecret})
 * @param authHeader       {@code auto}: each credential in the header VPSie's own code sends it in (a login token as
 *                         {@code Authorization: Bearer}, as VPSie's autoscaler does; a long-lived API token as
 *                         {@code Vpsie-Auth}, as its Terraform provider and cloud-controller manager do);
 *                         {@code bearer} or {@code vpsie-auth} force one header for both
 * @param loginEncoding    how the login body is sent: {@code form} (VPSie's autoscaler moved to it after testing
 *                         against production) or {@code json}; both answers are understood either way
 * @param timeout          connect and read timeout of every call; VPSie's own client waits 30 s
 * @param addSettleTime    how long after an add whose outcome is unknown the worker listing is trusted to show it:
 *                         until then the add counts as provisioning; after it, no unclaimed new worker means the
 *                         add did not happen and may be sent again
 * @param offersTtl        how long sizes and prices from /k8s/offers are kept before asking again
 * @param groupsTtl        how long the list of node groups (their sizes) is kept for planning
 * @param retryAttempts    attempts of a read or a removal (and of an add that certainly did not happen)
 * @param retryBaseDelay   first backoff ceiling; doubled each attempt, the wait drawn uniformly below it (full jitter)
 * @param retryMaxDelay    largest wait between attempts, Retry-After included
 * @param breakerThreshold consecutive 5xx answers or timeouts of one endpoint that open its breaker
 * @param breakerOpenFor   how long an open breaker refuses calls before letting one probe through
 * @param budgetPerMinute  client-side request budget (token bucket, refilled evenly over a minute)
 * @param budgetMaxWait    how long a call may wait for the budget before failing
 */
@Context
@ConfigurationProperties("vpsie")
public record VpsieConfig(
        @Bindable(defaultValue = "https://api.vpsie.com/apps/v2") String baseUrl,
        @Nullable String clientId,
        @Nullable String clientSecret,
        @Nullable String token,
        @Nullable String credentialsDir,
        @Bindable(defaultValue = "auto") String authHeader,
        @Bindable(defaultValue = "form") String loginEncoding,
        @Bindable(defaultValue = "30s") Duration timeout,
        @Bindable(defaultValue = "60s") Duration addSettleTime,
        @Bindable(defaultValue = "30m") Duration offersTtl,
        @Bindable(defaultValue = "10s") Duration groupsTtl,
        @Bindable(defaultValue = "5") int retryAttempts,
        @Bindable(defaultValue = "200ms") Duration retryBaseDelay,
        @Bindable(defaultValue = "5s") Duration retryMaxDelay,
        @Bindable(defaultValue = "5") int breakerThreshold,
        @Bindable(defaultValue = "30s") Duration breakerOpenFor,
        @Bindable(defaultValue = "100") int budgetPerMinute,
        @Bindable(defaultValue = "2s") Duration budgetMaxWait) {

    private static final String P = "vpsie.";

    public VpsieConfig {
        SettingChecks.notBlank(baseUrl, P + "base-url", "https://api.vpsie.com/apps/v2");
        SettingChecks.oneOf(authHeader, P + "auth-header", "auto", "bearer", "vpsie-auth");
        SettingChecks.oneOf(loginEncoding, P + "login-encoding", "form", "json");
        SettingChecks.positive(timeout, P + "timeout");
        SettingChecks.notNegative(addSettleTime, P + "add-settle-time");
        SettingChecks.notNegative(offersTtl, P + "offers-ttl");
        SettingChecks.notNegative(groupsTtl, P + "groups-ttl");
        SettingChecks.atLeast(retryAttempts, 1, P + "retry-attempts");
        SettingChecks.notNegative(retryBaseDelay, P + "retry-base-delay");
        SettingChecks.notNegative(retryMaxDelay, P + "retry-max-delay");
        SettingChecks.atLeast(breakerThreshold, 1, P + "breaker-threshold");
        SettingChecks.positive(breakerOpenFor, P + "breaker-open-for");
        SettingChecks.atLeast(budgetPerMinute, 1, P + "budget-per-minute");
        SettingChecks.notNegative(budgetMaxWait, P + "budget-max-wait");
    }

    @Override
    public String toString() {
        return "VpsieConfig{baseUrl=" + baseUrl + ", clientId=" + clientId + ", authHeader=" + authHeader
                + ", credentialsDir=" + credentialsDir + "}";
    }
}
