package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.vpsie.ConfiguredVpsieBaseUrl;
import com.vpsie.autoscaler.vpsie.VpsieBaseUrl;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/** In the sandbox the VPSie client talks, over real HTTP, to the simulator this same server serves. */
@Singleton
@Requires(env = "sandbox")
@Replaces(ConfiguredVpsieBaseUrl.class)
public class SandboxVpsieBaseUrl implements VpsieBaseUrl {
    private final Provider<EmbeddedServer> server;

    public SandboxVpsieBaseUrl(Provider<EmbeddedServer> server) {
        this.server = server;
    }

    @Override
    public String get() {
        return "http://localhost:" + server.get().getPort() + "/sandbox/vpsie";
    }
}
