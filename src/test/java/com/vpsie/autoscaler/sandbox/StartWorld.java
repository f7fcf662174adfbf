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

    /** The start-up world as JSON with {@code nodes} Ready nodes in "general" (general-0001 and on), all alike. */
    public static String withNodes(int nodes) {
        StringBuilder extra = new StringBuilder();
        for (int i = 2; i <= nodes; i++) {
            String name = String.format("general-%04d", i);
            extra.append("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"").append(name)
                    .append("\",\"labels\":{\"kubernetes.io/hostname\":\"").append(name)
                    .append("\",\"node.vpsie.com/pool\":\"general\",\"autoscaler.vpsie.com/nodegroup\":\"general\"}},\"spec\":{},")
                    .append("\"status\":{\"allocatable\":{\"cpu\":\"1900m\",\"memory\":\"3840Mi\",\"pods\":\"110\"},")
                    .append("\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}},");
        }
        try (InputStream in = StartWorld.class.getResourceAsStream("/sandbox/start-world.json")) {
            String world = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return world.replaceFirst("\"nodes\": \\[", java.util.regex.Matcher.quoteReplacement("\"nodes\": [" + extra));
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox/start-world.json", e);
        }
    }

    public static void load(SandboxWorld world, JsonMapper json) {
        try (InputStream in = StartWorld.class.getResourceAsStream("/sandbox/start-world.json")) {
            world.load(json.readValue(in.readAllBytes(), Scenario.class));
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox/start-world.json", e);
        }
    }
}
