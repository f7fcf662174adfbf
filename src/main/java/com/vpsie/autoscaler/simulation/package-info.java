/**
 * The simulation harness ({@code make simulate}): {@code SimulationHarness} (virtual-clock loop over
 * replicas started by {@code ReplicaWiring}: another replica's wiring, also raced by two-replica tests), {@code VirtualClock}, {@code SharedLeases},
 * {@code CrashPoint} + {@code CrashingPorts} (replicas that die at a step) + {@code SimulatedCrash}, {@code Report},
 * {@code ChartSvg}, {@code SimulationSpec}, {@code SimulationMain}. See docs/simulation.md.
 */
package com.vpsie.autoscaler.simulation;
