package com.vpsie.autoscaler.sandbox;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.Map;

/**
 * A sandbox context started by hand, for runtimes that are not the HTTP server (the Lambda
 * handlers, the simulation): its server is started too where the runtime has one, because the
 * VPSie client reaches the simulator over a real port. The Lambda artifact has none: there the
 * caller serves the simulator and names it in {@code vpsie.base-url}.
 */
public final class SandboxContexts {
    private SandboxContexts() {
    }

    public static ApplicationContext start(Map<String, Object> properties, String... environments) {
        String[] envs = new String[environments.length + 1];
        envs[0] = "sandbox";
        System.arraycopy(environments, 0, envs, 1, environments.length);
        ApplicationContext context = ApplicationContext.builder().environments(envs).properties(properties).start();
        context.findBean(EmbeddedServer.class).ifPresent(EmbeddedServer::start);
        return context;
    }
}
