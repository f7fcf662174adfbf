package com.vpsie.autoscaler.vpsie;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * How to reach VPSie and how hard to try. Credentials: a client id and secret, or a long-lived token,
 * from configuration or a mounted Secret. Secrets are only ever sent to VPSie; toString leaves them out.
 */
@ConfigurationProperties("vpsie")
public class VpsieConfig {
    /** Where the API lives; the sandbox points the client at its own simulator. */
    private String baseUrl = "https://api.vpsie.com/apps/v2";
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    /** A long-lived API token, instead of client id and secret. */
    private @Nullable String token;
    /**
     * A mounted Kubernetes Secret: files {@code client-id}, {@code client-secret}, {@code token} and
     * {@code url}, or the names VPSie's own autoscaler uses ({@code clientId}, {@code clientSecret});
     * read at each login, so a rotated Secret is picked up.
     */
    private @Nullable String credentialsDir;
    /**
     * {@code auto}: each credential in the header VPSie's own code sends it in (a login token as
     * {@code Authorization: Bearer}, as VPSie's autoscaler does; a long-lived API token as
     * {@code Vpsie-Auth}, as its Terraform provider and cloud-controller manager do).
     * {@code bearer} or {@code vpsie-auth} force one header for both.
     */
    private String authHeader = "auto";
    /**
     * How the login body is sent: {@code form} (VPSie's autoscaler moved to it after testing
     * against production) or {@code json}; both answers are understood either way.
     */
    private String loginEncoding = "form";
    /** Connect and read timeout of every call; VPSie's own client waits 30 s. */
    private Duration timeout = Duration.ofSeconds(30);
    /**
     * How long after an add whose outcome is unknown the worker listing is trusted to show it:
     * until then the add counts as provisioning; after it, no unclaimed new worker means the add
     * did not happen and may be sent again.
     */
    private Duration addSettleTime = Duration.ofSeconds(60);
    /** How long sizes and prices from /k8s/offers are kept before asking again. */
    private Duration offersTtl = Duration.ofMinutes(30);
    /** How long the list of node groups (their sizes) is kept for planning; counts for adds are always read afresh. */
    private Duration groupsTtl = Duration.ofSeconds(10);
    /** Attempts of a read or a removal (and of an add that certainly did not happen) before giving up. */
    private int retryAttempts = 5;
    /** First backoff ceiling; doubled each attempt, the wait drawn uniformly below it (full jitter). */
    private Duration retryBaseDelay = Duration.ofMillis(200);
    /** Largest wait between attempts, Retry-After included. */
    private Duration retryMaxDelay = Duration.ofSeconds(5);
    /** Consecutive 5xx answers or timeouts of one endpoint that open its breaker. */
    private int breakerThreshold = 5;
    /** How long an open breaker refuses calls before letting one probe through. */
    private Duration breakerOpenFor = Duration.ofSeconds(30);
    /** Client-side request budget (token bucket, refilled evenly over a minute). */
    private int budgetPerMinute = 100;
    /** How long a call may wait for the budget before failing. */
    private Duration budgetMaxWait = Duration.ofSeconds(2);

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public @Nullable String getClientId() {
        return clientId;
    }

    public void setClientId(@Nullable String clientId) {
        this.clientId = clientId;
    }

    public @Nullable String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(@Nullable String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public @Nullable String getToken() {
        return token;
    }

    public void setToken(@Nullable String token) {
        this.token = token;
    }

    public @Nullable String getCredentialsDir() {
        return credentialsDir;
    }

    public void setCredentialsDir(@Nullable String credentialsDir) {
        this.credentialsDir = credentialsDir;
    }

    public String getAuthHeader() {
        return authHeader;
    }

    public void setAuthHeader(String authHeader) {
        this.authHeader = authHeader;
    }

    public String getLoginEncoding() {
        return loginEncoding;
    }

    public void setLoginEncoding(String loginEncoding) {
        this.loginEncoding = loginEncoding;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getOffersTtl() {
        return offersTtl;
    }

    public void setOffersTtl(Duration offersTtl) {
        this.offersTtl = offersTtl;
    }

    public int getRetryAttempts() {
        return retryAttempts;
    }

    public void setRetryAttempts(int retryAttempts) {
        this.retryAttempts = retryAttempts;
    }

    public Duration getRetryBaseDelay() {
        return retryBaseDelay;
    }

    public void setRetryBaseDelay(Duration retryBaseDelay) {
        this.retryBaseDelay = retryBaseDelay;
    }

    public Duration getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(Duration retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public int getBreakerThreshold() {
        return breakerThreshold;
    }

    public void setBreakerThreshold(int breakerThreshold) {
        this.breakerThreshold = breakerThreshold;
    }

    public Duration getBreakerOpenFor() {
        return breakerOpenFor;
    }

    public void setBreakerOpenFor(Duration breakerOpenFor) {
        this.breakerOpenFor = breakerOpenFor;
    }

    public int getBudgetPerMinute() {
        return budgetPerMinute;
    }

    public void setBudgetPerMinute(int budgetPerMinute) {
        this.budgetPerMinute = budgetPerMinute;
    }

    public Duration getBudgetMaxWait() {
        return budgetMaxWait;
    }

    public void setBudgetMaxWait(Duration budgetMaxWait) {
        this.budgetMaxWait = budgetMaxWait;
    }

    public Duration getAddSettleTime() {
        return addSettleTime;
    }

    public void setAddSettleTime(Duration addSettleTime) {
        this.addSettleTime = addSettleTime;
    }

    public Duration getGroupsTtl() {
        return groupsTtl;
    }

    public void setGroupsTtl(Duration groupsTtl) {
        this.groupsTtl = groupsTtl;
    }

    @Override
    public String toString() {
        return "VpsieConfig{baseUrl=" + baseUrl + ", clientId=" + clientId + ", authHeader=" + authHeader
                + ", credentialsDir=" + credentialsDir + "}";
    }
}
