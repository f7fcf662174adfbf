package com.vpsie.autoscaler.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

@ConfigurationProperties("autoscaler.auth")
public class AuthConfig {
    /** Bearer tokens accepted on /v1/** and /sandbox/**. Empty: every request is refused. */
    private List<String> tokens = List.of();

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
