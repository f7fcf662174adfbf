package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

@ConfigurationProperties("autoscaler.auth")
public class AuthConfig {
    /** Bearer tokens accepted on /v1/**, /sandbox/** and management endpoints other than health. Empty: every request is refused. */
    private List<String> tokens = List.of();
    /**
     * Whether {@code POST /v1/reconcile} is accepted without a token. For Knative's PingSource,
     * which cannot send an Authorization header: the heartbeat only makes the function look again,
     * and the overlay that sets this keeps the Service cluster-local.
     */
    private boolean openHeartbeat;
    /**
     * Mutating requests (POST, PUT, DELETE) one token may send a minute, refilled evenly; past it
     * 429 with Retry-After. Triggers fold into one reconcile anyway; this bounds what one token
     * holder can make the function do.
     */
    private int mutationsPerMinute = 300;

    public int getMutationsPerMinute() {
        return mutationsPerMinute;
    }

    public void setMutationsPerMinute(int mutationsPerMinute) {
        this.mutationsPerMinute = mutationsPerMinute;
    }

    /** Whether {@code /prometheus} is served without a token (Prometheus scrapes it; it holds no secrets). */
    private boolean openPrometheus = true;

    public boolean isOpenPrometheus() {
        return openPrometheus;
    }

    public void setOpenPrometheus(boolean openPrometheus) {
        this.openPrometheus = openPrometheus;
    }

    public boolean isOpenHeartbeat() {
        return openHeartbeat;
    }

    public void setOpenHeartbeat(boolean openHeartbeat) {
        this.openHeartbeat = openHeartbeat;
    }

    public List<String> getTokens() {
        return tokens;
    }

    public void setTokens(List<String> tokens) {
        this.tokens = tokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "AuthConfig{tokens=" + tokens.size() + " configured}";
    }
}
