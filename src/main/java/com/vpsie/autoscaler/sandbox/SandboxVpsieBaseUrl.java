package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.vpsie.ConfiguredVpsieBaseUrl;
import com.vpsie.autoscaler.vpsie.VpsieBaseUrl;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * In the sandbox the VPSie client talks, over real HTTP, to the simulator this same server serves.
 * A runtime without a server of its own (the Lambda artifact) names the simulator in
 * {@code vpsie.base-url} instead.
 */
@Singleton
@Requires(env = "sandbox")
@Requires(beans = EmbeddedServer.class)
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
