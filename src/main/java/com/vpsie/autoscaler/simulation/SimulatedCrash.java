package com.vpsie.autoscaler.simulation;

/** Thrown inside a replica at its crash point; the simulation replaces the replica. */
final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(CrashPoint at) {
        super("simulated crash at " + at, null, false, false);
    }
}
