package com.vpsie.autoscaler;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The one source of time; tests replace it, and the simulation runs on its own virtual clock. */
@Factory
public class ClockFactory {
    @Singleton
    @Requires(notEnv = "simulation")
    Clock clock() {
        return Clock.systemUTC();
    }
}
