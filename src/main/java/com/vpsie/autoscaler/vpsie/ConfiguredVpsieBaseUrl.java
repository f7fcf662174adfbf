package com.vpsie.autoscaler.vpsie;

import jakarta.inject.Singleton;

@Singleton
public class ConfiguredVpsieBaseUrl implements VpsieBaseUrl {
    private final VpsieConfig config;

    public ConfiguredVpsieBaseUrl(VpsieConfig config) {
        this.config = config;
    }

    @Override
    public String get() {
        return config.getBaseUrl();
    }
}
