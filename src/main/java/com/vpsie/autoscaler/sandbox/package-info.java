/**
 * The sandbox ({@code make run}): {@code SandboxWorld} (a simulated cluster and VPSie account under
 * one lock), {@code VpsieSimulatorController} ({@code /sandbox/vpsie}: VPSie's envelope, login and
 * shapes), {@code SimulatorFaults} (seeded 5xx, error bodies, 429s, latency, lost answers, quota),
 * {@code SandboxController}, {@code SandboxRuntime} (stand-in scheduler and event export).
 */
package com.vpsie.autoscaler.sandbox;
