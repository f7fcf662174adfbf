package com.vpsie.autoscaler;

import com.vpsie.autoscaler.health.BuildInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} and {@code version} answer and exit without a server; anything else starts it. */
class CliTest {
    @Test
    void helpNamesTheSettingsAndEndpointsThatMatter() {
        String out = run("--help");
        assertThat(out).contains("AUTOSCALER_AUTH_TOKENS", "VPSIE_CLIENT_ID", "VPSIE_CLIENT_SECRET", "VPSIE_BASE_URL",
                "KUBERNETES_CLIENT_KUBE_CONFIG_PATH", "AUTOSCALER_DRY_RUN", "LOG_FORMAT", "PORT",
                "/v1/webhooks/alertmanager", "/v1/webhooks/events", "/v1/scale", "/v1/reconcile", "/health/readiness", "/prometheus");
    }

    @Test
    void versionPrintsTheBuildStamp() {
        BuildInfo b = BuildInfo.load();
        String out = run("version");
        assertThat(out).startsWith("vpsie-autoscaler " + b.version()).contains("commit:     " + b.commit())
                .contains("build date: " + b.buildDate()).contains("runtime:    java ");
        assertThat(b.version()).as("stamped by Maven's resource filtering").isNotEqualTo("unknown");
        assertThat(b.buildDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void anythingElseStartsTheServer() {
        assertThat(Cli.handle(new String[0], System.out)).isEmpty();
        assertThat(Cli.handle(new String[]{"-Dmicronaut.server.port=9000"}, System.out)).isEmpty();
    }

    private static String run(String arg) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OptionalInt exit = Cli.handle(new String[]{arg}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(exit).hasValue(0);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
