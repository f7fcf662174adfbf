/**
 * The sandbox ({@code make run}): {@code SandboxWorld} (a simulated cluster and VPSie account under
 * one lock) with its {@code SandboxGroups} (VPSie's sizes and node groups), its {@code SandboxNodeGroups} (NodeGroup resources under resourceVersions) and its {@code SandboxWorker}s (VPSie nodes that become Nodes once joined). The
 * function's ports over it: {@code SimulatedCluster} (the cluster port), {@code InProcessLeases}
 * (every Lease is this instance's) and {@code SandboxVpsieBaseUrl} (the real VPSie client, over
 * HTTP, pointed at the simulator). {@code VpsieSimulatorController} ({@code /sandbox/vpsie}: VPSie's
 * envelope, login and shapes) with {@code SimulatorFaults} (seeded 5xx, error bodies, 429s,
 * latency, lost answers, quota); {@code SandboxController} (drives the world: replace it, add and
 * remove pods, look); {@code SandboxRuntime} (start-up world, stand-in scheduler and event export);
 * {@code SandboxContexts} (a sandbox started by hand, server included, for the other runtimes).
 */
package com.vpsie.autoscaler.sandbox;
