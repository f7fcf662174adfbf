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
 */
public final class SimulationMain {
    private SimulationMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SimulationMain <scenario.json> [output directory, default target/simulation]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Path out = Path.of(args.length > 1 ? args[1] : "target/simulation");
        try (ApplicationContext context = com.vpsie.autoscaler.sandbox.SandboxContexts.start(SimulationHarness.contextProperties(), "simulation")) {
            Result r = run(context, file, out);
            System.out.println(r.json());
            System.out.println("wrote " + r.dir().resolve("report.json") + " and " + r.dir().resolve("chart.svg"));
        }
        System.exit(0);
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
