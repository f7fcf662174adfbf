package com.vpsie.autoscaler.simulation;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time: it stands still while the function works and moves only when the simulation
 * says, so an hour of cluster life runs in seconds and every run is repeatable.
 */
@Singleton
@Bean(typed = {Clock.class, VirtualClock.class})
@Requires(env = "simulation")
public class VirtualClock extends Clock {
    /** The simulation's time zero. */
    public static final Instant EPOCH = Instant.parse("2026-01-05T08:00:00Z");
    private volatile Instant now = EPOCH;

    public void set(Instant t) {
        now = t;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    public Duration elapsed() {
        return Duration.between(EPOCH, now);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
