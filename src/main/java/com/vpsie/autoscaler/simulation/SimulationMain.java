package com.vpsie.autoscaler.simulation;

import com.vpsie.autoscaler.scenario.Scenario;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code make simulate SCENARIO=path}: runs one simulation file and writes
 * {@code target/simulation/<name>/report.json} and {@code chart.svg}, then prints the report.
 * Given several files ({@code make simulate-features}), runs each and prints one table.
 */
public final class SimulationMain {
    private SimulationMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SimulationMain <scenario.json> [output directory, default target/simulation]\n"
                    + "       SimulationMain <a.json> <b.json> ...   (runs each, then prints their figures side by side)");
            System.exit(2);
        }
        boolean several = args.length > 1 && args[1].endsWith(".json");
        Path out = Path.of(!several && args.length > 1 ? args[1] : "target/simulation");
        try (ApplicationContext context = com.vpsie.autoscaler.sandbox.SandboxContexts.start(SimulationHarness.contextProperties(), "simulation")) {
            if (!several) {
                Result r = run(context, Path.of(args[0]), out);
                System.out.println(r.json());
                System.out.println("wrote " + r.dir().resolve("report.json") + " and " + r.dir().resolve("chart.svg"));
            } else {
                java.util.List<Report> reports = new java.util.ArrayList<>();
                for (String f : args) {
                    reports.add(run(context, Path.of(f), out).report());
                }
                System.out.print(table(reports));
                System.out.println("wrote each report.json and chart.svg under " + out);
            }
        }
        System.exit(0);
    }

    /** The figures of several runs as one Markdown table, a row each, in the order given. */
    static String table(java.util.List<Report> reports) {
        StringBuilder t = new StringBuilder("| scenario | simulated | p50 / p95 / max pending | node-hours | cost | most nodes | most removed at once"
                + " | nodes at the end |\n|---|---|---|---|---|---|---|---|\n");
        for (Report r : reports) {
            t.append(String.format(java.util.Locale.ROOT, "| %s | %.0f min | %.0f / %.0f / %.0f s | %.3f | $%.3f | %d | %d | %d |%n", r.scenario(),
                    r.simulatedSeconds() / 60, r.pendingWaitSeconds().p50(), r.pendingWaitSeconds().p95(), r.pendingWaitSeconds().max(),
                    r.nodeHours(), r.cost(), r.maxNodes(), r.mostRemovedAtOnce(), r.finalNodes()));
        }
        return t.toString();
    }

    /** A finished run: its report, where it was written, and the report as JSON. */
    public record Result(Report report, Path dir, String json) {
    }

    /** Runs a file in a started simulation context and writes its report and chart under {@code out/<name>}. */
    public static Result run(ApplicationContext context, Path file, Path out) throws IOException {
        JsonMapper json = context.getBean(JsonMapper.class);
        byte[] bytes = Files.readAllBytes(file);
        SimulationSpec spec = json.readValue(bytes, SimulationSpec.class);
        Scenario world = json.readValue(bytes, Scenario.class);
        SimulationHarness simulation = new SimulationHarness(context);
        Report report = simulation.run(world, spec);
        Path dir = out.resolve(report.scenario());
        Files.createDirectories(dir);
        String text = new String(json.writeValueAsBytes(report), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.json"), text + "\n");
        Files.writeString(dir.resolve("chart.svg"), ChartSvg.render(report.scenario() + ": VPSie workers and pending pods", simulation.samples()));
        return new Result(report, dir, text);
    }
}
