package com.vpsie.autoscaler.sandbox;

import com.vpsie.autoscaler.scenario.Scenario;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The sandbox's start-up world (one node group "general" of 2-CPU nodes, VPSie group 11, one
 * Ready node general-0001, no pods), loaded afresh for a test.
 */
public final class StartWorld {
    private StartWorld() {
    }

    public static void load(SandboxWorld world, JsonMapper json) {
        try (InputStream in = StartWorld.class.getResourceAsStream("/sandbox/start-world.json")) {
            world.load(json.readValue(in.readAllBytes(), Scenario.class));
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox/start-world.json", e);
        }
    }
}
