package com.vpsie.autoscaler;

import io.micronaut.runtime.Micronaut;

import java.util.OptionalInt;

public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        OptionalInt exit = Cli.handle(args, System.out);
        if (exit.isPresent()) {
            System.exit(exit.getAsInt());
        }
        Micronaut.run(Application.class, args);
    }
}
