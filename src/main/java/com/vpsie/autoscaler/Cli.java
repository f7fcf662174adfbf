package com.vpsie.autoscaler;

import com.vpsie.autoscaler.health.BuildInfo;

import java.io.PrintStream;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the executable (jar or native) answers without starting the server: {@code --help} and
 * {@code version}, so that {@code docker run IMAGE --help} and {@code docker run IMAGE version}
 * tell a user what an image is and how to run it.
 */
public final class Cli {
    static final String USAGE = """
            vpsie-autoscaler: a Kubernetes node autoscaler for the VPSie cloud.

            Usage:
              vpsie-autoscaler                 start the HTTP server (port $PORT, default 8080)
              vpsie-autoscaler version         print version, commit, build date and runtime, then exit
              vpsie-autoscaler discover        list the VPSie account's clusters and node groups; with --cluster,
                                               print NodeGroups for one (discover --help)
              vpsie-autoscaler --help          print this, then exit
              Any -Dname=value or --name=value argument sets a configuration property.

            Environment (each is also a property, e.g. VPSIE_CLIENT_ID = vpsie.client-id):
              AUTOSCALER_AUTH_TOKENS     bearer tokens accepted on /v1/** (comma-separated; none = all refused)
              VPSIE_CLIENT_ID            VPSie API client id      } or VPSIE_TOKEN, or
              VPSIE_CLIENT_SECRET        VPSie API client secret  } VPSIE_CREDENTIALS_DIR (a mounted Secret)
              VPSIE_BASE_URL             default https://api.vpsie.com/apps/v2
              AUTOSCALER_KUBERNETES_NAMESPACE   where NodeGroups, Leases and Events live (default: the pod's)
              KUBERNETES_CLIENT_KUBE_CONFIG_PATH  kubeconfig outside a cluster (default: in-cluster service account)
              AUTOSCALER_DRY_RUN         true = plan, status and Events only; no VPSie calls, no drains
              AUTOSCALER_RECONCILE_MAX_NODE_PROVISION_TIME  default 15m
              AUTOSCALER_PLANNER_EXPANDER  least-cost (default), least-waste, priority
              MICRONAUT_ENVIRONMENTS     sandbox = simulated cluster and VPSie on the same port
              LOG_FORMAT                 json for one JSON object per line (set in the images), text otherwise
              PORT                       HTTP port (default 8080)

            Endpoints:
              POST /v1/webhooks/alertmanager   Alertmanager webhook (version 4)
              POST /v1/webhooks/events         Kubernetes Event(s) from an event exporter
              POST /v1/scale                   manual target {"nodeGroup","desiredNodes"|"delta"}, Idempotency-Key
              POST /v1/reconcile[?nodeGroup=]  heartbeat (PingSource, CronJob)
              GET  /v1/nodegroups[/{name}], /v1/plan, /v1/decisions, /v1/version
              GET  /health, /health/liveness, /health/readiness, /prometheus   (no token needed)

            Documentation: README.md and docs/ in https://github.com/vpsieinc/vpsie-autoscaler
            """;

    private Cli() {
    }

    /** Handles {@code --help}/{@code version}; empty when the server should start. */
    public static OptionalInt handle(String[] args, PrintStream out) {
        if (args.length == 0) {
            return OptionalInt.empty();
        }
        switch (args[0]) {
            case "--help", "-h", "help" -> {
                out.print(USAGE);
                return OptionalInt.of(0);
            }
            case "discover" -> {
                // Standard output is the answer (piped to kubectl apply); a failure is one line, so the log says only errors, on stderr.
                LogSetup.quiet();
                return OptionalInt.of(Discover.run(args, Map.of(), out, System.err));
            }
            case "version", "--version" -> {
                BuildInfo b = BuildInfo.load();
                out.println("vpsie-autoscaler " + b.version());
                out.println("commit:     " + b.commit());
                out.println("build date: " + b.buildDate());
                out.println("runtime:    " + b.runtime());
                return OptionalInt.of(0);
            }
            default -> {
                return OptionalInt.empty();
            }
        }
    }
}
