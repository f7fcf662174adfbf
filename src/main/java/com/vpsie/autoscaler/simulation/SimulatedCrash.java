package com.vpsie.autoscaler.simulation;

/**
 * Thrown inside a replica at its crash point; the simulation replaces the replica. An Error, not an
 * exception: a process that dies is not a failure the function handles, and the reconciler's
 * per-group guard against bugs (which turns a RuntimeException into a FAILED decision) must let it through.
 */
final class SimulatedCrash extends Error {
    SimulatedCrash(CrashPoint at) {
        super("simulated crash at " + at, null, false, false);
    }
}
