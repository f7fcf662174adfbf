package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.config.VpsieConfig;
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
        String dir = config.credentialsDir();
        return dir == null || dir.isBlank() ? config.baseUrl() : VpsieAuth.file(dir, "url", config.baseUrl());
    }
}
