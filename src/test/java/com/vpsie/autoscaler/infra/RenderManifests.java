package com.vpsie.autoscaler.infra;

import com.marcnuri.helm.Helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code make manifests}: the chart rendered for those who apply plain manifests, and packaged for
 * those who use Helm. {@code dist/} holds only Kubernetes manifests (mode deployment, so
 * {@code kubectl apply -f dist/} installs it); {@code dist/knative/} the Knative mode;
 * {@code dist/monitoring/} Alertmanager's and the event exporter's configuration and the rules;
 * {@code dist/lambda/} the SAM template; {@code dist/charts/} the packaged chart. The manifests name
 * Secrets the user creates once (a re-apply never overwrites credentials with placeholders).
 *
 * <p>Arguments: image repository, image tag, output folder; or {@code --matrix FOLDER}: every row of the
 * chart's values matrix (ChartTest's) rendered to a file of its own.
 */
public final class RenderManifests {
    private RenderManifests() {
    }

    /** Every row of the chart's values matrix rendered to a file of its own, for make e2e's dry run. */
    static void matrix(Path out) throws IOException {
        Files.createDirectories(out);
        for (Chart.Row row : Chart.matrix()) {
            Files.writeString(out.resolve(row.name() + ".yaml"), Chart.template(row.values()));
        }
        System.out.println(Chart.matrix().size() + " renderings in " + out);
    }

    static final String NAMESPACE_DOC = """
            # The autoscaler's namespace; its pods run as non-root with a read-only root filesystem: the restricted profile fits.
            apiVersion: v1
            kind: Namespace
            metadata:
              name: %s
              labels:
                pod-security.kubernetes.io/enforce: restricted
            """;

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--matrix")) {
            matrix(Path.of(args[1]));
            return;
        }
        String repository = args[0];
        String tag = args[1];
        Path out = Path.of(args[2]);
        for (String mode : new String[]{"deployment", "knative"}) {
            Path dir = mode.equals("deployment") ? out : out.resolve(mode);
            Files.createDirectories(dir);
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("mode", mode);
            values.put("image.repository", repository);
            values.put("image.tag", tag);
            values.put("vpsie.existingSecret", Chart.RELEASE + "-vpsie");
            values.put("auth.existingSecret", Chart.RELEASE + "-auth");
            String rendered = Chart.template(values);
            Files.writeString(dir.resolve("vpsie-autoscaler.yaml"), String.format(NAMESPACE_DOC, Chart.NAMESPACE) + rendered);
            Files.writeString(dir.resolve("crds.yaml"), Files.readString(Chart.DIR.resolve("crds/nodegroup.yaml")) + "---\n"
                    + Files.readString(Chart.DIR.resolve("crds/autoscalerpolicy.yaml")));
            System.out.println(dir.resolve("vpsie-autoscaler.yaml") + ", " + dir.resolve("crds.yaml"));
        }
        Path monitoring = Files.createDirectories(out.resolve("monitoring"));
        for (Path p : new Path[]{Path.of("infra/monitoring/alertmanager.yaml"), Path.of("infra/monitoring/event-exporter.yaml"),
                Path.of("infra/monitoring/event-exporter-token.template.yaml"), Chart.DIR.resolve("files/prometheus-rules.yaml"),
                Chart.DIR.resolve("files/grafana-dashboard.json")}) {
            Files.copy(p, monitoring.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println(monitoring + "/");
        Path lambda = Files.createDirectories(out.resolve("lambda"));
        Files.copy(Path.of("infra/lambda/template.yaml"), lambda.resolve("template.yaml"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println(lambda.resolve("template.yaml"));
        Path charts = Files.createDirectories(out.resolve("charts"));
        new Helm(Chart.DIR).packageIt().withDestination(charts).call();
        try (var listing = Files.list(charts)) {
            listing.forEach(System.out::println);
        }
    }
}
