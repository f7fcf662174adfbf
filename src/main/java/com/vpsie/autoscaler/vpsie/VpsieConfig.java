package com.vpsie.autoscaler.vpsie;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * How to reach VPSie. Credentials: a client id and secret, or a long-lived token. Secrets are only
 * ever sent to VPSie; toString leaves them out.
 */
@ConfigurationProperties("vpsie")
public class VpsieConfig {
    /** Where the API lives; empty in the sandbox, which points the client at its own simulator. */
    private String baseUrl = "https://api.vpsie.com/apps/v2";
    @Nullable
    private String clientId;
    @Nullable
    private String clientSecret;
    @Nullable
    private String token;
    /** {@code vpsie-auth} sends {@code Vpsie-Auth: <token>} as VPSie's own tools do; {@code bearer} sends {@code Authorization: Bearer}. */
    private String authHeader = "vpsie-auth";
    private Duration timeout = Duration.ofSeconds(10);
    /** How long sizes and prices from /k8s/offers are kept before asking again. */
    private Duration offersTtl = Duration.ofMinutes(30);

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Nullable
    public String getClientId() {
        return clientId;
    }

    public void setClientId(@Nullable String clientId) {
        this.clientId = clientId;
    }

    @Nullable
    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(@Nullable String clientSecret) {
        this.clientSecret = clientSecret;
    }

    @Nullable
    public String getToken() {
        return token;
    }

    public void setToken(@Nullable String token) {
        this.token = token;
    }

    public String getAuthHeader() {
        return authHeader;
    }

    public void setAuthHeader(String authHeader) {
        this.authHeader = authHeader;
    }

    public Duration getOffersTtl() {
        return offersTtl;
    }

    public void setOffersTtl(Duration offersTtl) {
        this.offersTtl = offersTtl;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String toString() {
        return "VpsieConfig{baseUrl=" + baseUrl + ", clientId=" + clientId + ", authHeader=" + authHeader + "}";
    }
}
