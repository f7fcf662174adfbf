package com.vpsie.autoscaler.health;

import com.vpsie.autoscaler.Application;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the sandbox the function refuses to start half-configured, naming each missing setting. */
class StartupCheckTest {
    @TempDir
    Path dir;

    @Test
    void withNoConfigurationTheProcessExitsNonZeroNamingEachMissingSetting() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Duser.home=" + dir, "-Dmicronaut.server.port=-1", "-cp",
                System.getProperty("java.class.path"), "com.vpsie.autoscaler.Application").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES") || k.startsWith("VPSIE") || k.startsWith("AUTOSCALER"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isEqualTo(StartupCheck.STATUS);
        assertThat(out).contains("will not start: 3 setting(s) missing", "no webhook token: set autoscaler.auth.tokens",
                "no Kubernetes configuration", "no VPSie credentials");
        assertThat(out.split("will not start", -1)).as("said once: %s", out).hasSize(2);
        assertThat(out).as("no stack trace").doesNotContain("\tat ", "Exception", "Path Taken");
    }

    @Test
    void eachSettingCountsWhenGivenAnyOfItsWays() throws Exception {
        Path token = Files.writeString(dir.resolve("sa-token"), "t");
        Path noFile = dir.resolve("none");
        assertThat(StartupCheck.missing(props(Map.of("autoscaler.auth.tokens", "a", "vpsie.token", "v")), "10.0.0.1", token, noFile))
                .as("in a pod with a token and an API token").isEmpty();
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1");
        assertThat(StartupCheck.missing(props(Map.of("autoscaler.auth.tokens", "a", "vpsie.client-id", "i", "vpsie.client-secret", "s",
                "kubernetes.client.kube-config-path", kubeconfig.toString())), null, noFile, noFile)).as("kubeconfig path, id and secret").isEmpty();
        assertThat(StartupCheck.missing(props(Map.of("autoscaler.auth.tokens", "a", "vpsie.token", "v",
                "kubernetes.client.kube-config-path", "/nope")), "10.0.0.1", token, noFile)).as("a kubeconfig path that is not a file, even in a pod")
                .containsExactly("kubernetes.client.kube-config-path (KUBERNETES_CLIENT_KUBE_CONFIG_PATH): expected a kubeconfig file, got '/nope' (no such file)");
        Path creds = Files.createDirectories(dir.resolve("creds"));
        Files.writeString(creds.resolve("clientId"), "i");
        Files.writeString(creds.resolve("clientSecret"), "s");
        assertThat(StartupCheck.missing(props(Map.of("autoscaler.auth.tokens", "a", "vpsie.credentials-dir", creds.toString(),
                "autoscaler.cluster", "simulated")), null, noFile, noFile)).as("Secret with VPSie's key names, simulated cluster").isEmpty();
        List<String> half = StartupCheck.missing(props(Map.of("autoscaler.auth.tokens", " ", "vpsie.client-id", "i")), "10.0.0.1", noFile, noFile);
        assertThat(half).hasSize(3).anySatisfy(m -> assertThat(m).startsWith("no webhook token"))
                .anySatisfy(m -> assertThat(m).startsWith("no Kubernetes configuration"))
                .anySatisfy(m -> assertThat(m).startsWith("no VPSie credentials"));
    }

    private static StartupCheck.Properties props(Map<String, String> values) {
        return (name, type) -> Optional.ofNullable(values.get(name));
    }
}
