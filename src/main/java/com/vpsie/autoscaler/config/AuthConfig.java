package com.vpsie.autoscaler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * {@code autoscaler.auth.*}. {@link #toString()} counts the tokens and never shows one.
 *
 * @param tokens             bearer tokens accepted on /v1/**, /sandbox/** and management endpoints other than health;
 *                           blank entries are dropped; none: every request is refused
 * @param openHeartbeat      whether {@code POST /v1/reconcile} is accepted without a token. For Knative's PingSource,
 *                           which cannot send an Authorization header: the heartbeat only makes the function look
 *                           again, and the overlay that sets this keeps the Service cluster-local
 * @param openPrometheus     whether {@code /prometheus} is served without a token (Prometheus scrapes it; it holds no secrets)
 * @param mutationsPerMinute mutating requests (POST, PUT, DELETE) one token may send a minute, refilled evenly; past
 *                           it 429 with Retry-After. Triggers fold into one reconcile anyway; this bounds what one
 *                           token holder can make the function do
 */
@Context
@ConfigurationProperties("autoscaler.auth")
public record AuthConfig(@Bindable(defaultValue = "") List<String> tokens,
                         @Bindable(defaultValue = "false") boolean openHeartbeat,
                         @Bindable(defaultValue = "true") boolean openPrometheus,
                         @Bindable(defaultValue = "300") int mutationsPerMinute) {
    public AuthConfig {
        tokens = tokens == null ? List.of() : tokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        SettingChecks.atLeast(mutationsPerMinute, 1, "autoscaler.auth.mutations-per-minute");
    }

    @Override
    public String toString() {
        return "AuthConfig{tokens=" + tokens.size() + " configured}";
    }
}
