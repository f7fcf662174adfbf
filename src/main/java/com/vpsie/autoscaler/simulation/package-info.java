/**
 * The simulation harness ({@code make simulate}): {@code SimulationHarness} (virtual-clock loop over
 * replicas started by {@code reconcile.ReplicaWiring}), {@code VirtualClock}, {@code SharedLeases},
 * {@code CrashPoint} + {@code CrashingPorts} (replicas that die at a step), {@code Report},
 * {@code ChartSvg}, {@code SimulationMain}. See docs/simulation.md.
 */
package com.vpsie.autoscaler.simulation;
