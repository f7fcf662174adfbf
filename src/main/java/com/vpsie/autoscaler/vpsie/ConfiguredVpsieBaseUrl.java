package com.vpsie.autoscaler.vpsie;

import jakarta.inject.Singleton;

@Singleton
public class ConfiguredVpsieBaseUrl implements VpsieBaseUrl {
    private final VpsieConfig config;

    public ConfiguredVpsieBaseUrl(VpsieConfig config) {
        this.config = config;
    }

    /** The mounted Secret's {@code url} key when there is one (VPSie's own autoscaler keeps the base URL there), else configuration. */
    @Override
    public String get() {
        String dir = config.getCredentialsDir();
        return dir == null || dir.isBlank() ? config.getBaseUrl() : VpsieAuth.file(dir, "url", config.getBaseUrl());
    }
}
