/**
 * The ports: what the loop asks of the world, implemented by the adapters ({@code cluster},
 * {@code vpsie}), the sandbox and the simulation. {@code ClusterPort} (nodes, pods, NodeGroups and
 * their status, evictions, Events) with {@code ClusterView} (one read of it),
 * {@code ClusterEvent} and {@code NodeEdit} (a change to a node's labels, taints and annotations); {@code VpsiePort} (the VPSie account: sizes, workers, adds, removals, and
 * its failure classes); {@code GroupLease} (one actor per group across replicas) answering a
 * {@code LockAnswer} (acquired, or held by whom). Types and contracts only: nothing here decides.
 */
package com.vpsie.autoscaler.port;
