package com.vpsie.autoscaler.health;

import com.vpsie.autoscaler.config.KubeClientConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.util.StringUtils;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses to start half-configured. Outside the sandbox, a function with no webhook token answers
 * every request 403, one with no cluster configuration talks to {@code localhost:8080} (itself), and
 * one with no VPSie credentials fails every scale-up; none of them may report UP. Each
 * missing setting is named with what sets it; {@code autoscaler.startup.allow-incomplete=true}
 * starts anyway (with the same lines as warnings), for someone trying pieces one at a time.
 */
@Context
@Requires(notEnv = {"sandbox", Environment.TEST, "discover"})
public class StartupCheck {
    private static final Logger LOG = LoggerFactory.getLogger(StartupCheck.class);
    static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private final Environment env;

    public StartupCheck(Environment env) {
        this.env = env;
    }

    @PostConstruct
    void check() {
        List<String> missing = missing(env::getProperty, System.getenv("KUBERNETES_SERVICE_HOST"), Path.of(SERVICE_ACCOUNT_TOKEN),
                Path.of(System.getProperty("user.home"), ".kube", "config"));
        if (missing.isEmpty()) {
            return;
        }
        if (env.getProperty("autoscaler.startup.allow-incomplete", Boolean.class, false)) {
            missing.forEach(m -> LOG.warn("incomplete configuration (autoscaler.startup.allow-incomplete=true): {}", m));
            return;
        }
        // Said once, plainly, and the process ends (status 2): a thrown exception was printed three times in 52 lines of
        // stack traces by the framework's start-up. halt, not exit: the context is still being built, and its shutdown hook would wait on it.
        System.err.println(new IncompleteConfiguration(missing).getMessage());
        System.err.flush();
        Runtime.getRuntime().halt(STATUS);
    }

    /** The exit status of a start refused for missing settings. */
    static final int STATUS = 2;

    /** A property lookup, so the rules can be tested without an environment. */
    interface Properties {
        Optional<String> get(String name, Class<String> type);
    }

    /** One line per missing setting, each naming what would set it. */
    static List<String> missing(Properties p, String serviceHost, Path serviceAccountToken, Path homeKubeconfig) {
        List<String> out = new ArrayList<>();
        if (p.get("autoscaler.auth.tokens", String.class).filter(StringUtils::hasText).isEmpty()) {
            out.add("no webhook token: set autoscaler.auth.tokens (AUTOSCALER_AUTH_TOKENS), comma-separated; every request would be refused");
        }
        boolean simulated = p.get("autoscaler.cluster", String.class).map("simulated"::equals).orElse(false);
        boolean inCluster = StringUtils.hasText(serviceHost) && Files.isRegularFile(serviceAccountToken);
        Optional<String> kubeconfig = p.get("kubernetes.client.kube-config-path", String.class).filter(StringUtils::hasText);
        boolean configured = kubeconfig.isPresent() || p.get("kubernetes.client.base-path", String.class).filter(StringUtils::hasText).isPresent();
        if (!simulated) {
            kubeconfig.flatMap(KubeClientConfig::kubeconfigProblem).ifPresent(out::add);
        }
        if (!simulated && !inCluster && !configured && !Files.isRegularFile(homeKubeconfig)) {
            out.add("no Kubernetes configuration: not in a pod (no KUBERNETES_SERVICE_HOST and service-account token), no"
                    + " kubernetes.client.kube-config-path (KUBERNETES_CLIENT_KUBE_CONFIG_PATH) or kubernetes.client.base-path, and no "
                    + homeKubeconfig);
        }
        boolean idAndSecret = p.get("vpsie.client-id", String.class).filter(StringUtils::hasText).isPresent()
                && p.get("vpsie.client-secret", String.class).filter(StringUtils::hasText).isPresent();
        boolean token = p.get("vpsie.token", String.class).filter(StringUtils::hasText).isPresent();
        boolean dir = p.get("vpsie.credentials-dir", String.class).filter(StringUtils::hasText).map(Path::of)
                .filter(d -> Files.isRegularFile(d.resolve("token")) || (Files.isRegularFile(d.resolve("client-id")) || Files.isRegularFile(d.resolve("clientId")))
                        && (Files.isRegularFile(d.resolve("client-secret")) || Files.isRegularFile(d.resolve("clientSecret")))).isPresent();
        if (!idAndSecret && !token && !dir) {
            out.add("no VPSie credentials: set vpsie.client-id and vpsie.client-secret (VPSIE_CLIENT_ID, VPSIE_CLIENT_SECRET), vpsie.token,"
                    + " or vpsie.credentials-dir (VPSIE_CREDENTIALS_DIR) to a mounted Secret with client-id and client-secret or token");
        }
        return out;
    }

    /** Start-up stops here, with every missing setting in the message. */
    public static final class IncompleteConfiguration extends RuntimeException {
        IncompleteConfiguration(List<String> missing) {
            super("vpsie-autoscaler will not start: " + missing.size() + " setting(s) missing (set autoscaler.startup.allow-incomplete=true"
                    + " to start anyway):\n  - " + String.join("\n  - ", missing));
        }
    }
}
