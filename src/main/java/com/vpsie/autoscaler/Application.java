package com.vpsie.autoscaler;

import io.micronaut.runtime.Micronaut;

import java.util.OptionalInt;

@io.swagger.v3.oas.annotations.OpenAPIDefinition(info = @io.swagger.v3.oas.annotations.info.Info(title = "vpsie-autoscaler", version = "v1",
        description = "Kubernetes node autoscaler for VPSie: webhooks that trigger reconciles, the heartbeat, read-only views, the"
                + " planner's what-if and manual scaling. Every /v1 route needs 'Authorization: Bearer <token>'; every error is"
                + " application/problem+json naming the field."),
        security = @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "bearer"))
@io.swagger.v3.oas.annotations.security.SecurityScheme(name = "bearer", type = io.swagger.v3.oas.annotations.enums.SecuritySchemeType.HTTP,
        scheme = "bearer")
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        FatalErrors.install();
        // Before anything logs: a log format logback cannot set up would leave the function running with no log at all.
        LogSetup.problem(System.getenv()).ifPresent(problem -> {
            System.err.println("vpsie-autoscaler: " + problem);
            System.exit(2);
        });
        OptionalInt exit = Cli.handle(args, System.out);
        if (exit.isPresent()) {
            System.exit(exit.getAsInt());
        }
        // No banner: five lines of ASCII art on stdout, ahead of the JSON log lines a container's collector parses.
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
