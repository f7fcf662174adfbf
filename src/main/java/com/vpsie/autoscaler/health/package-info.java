/**
 * Whether the process may start and whether it is well: {@code StartupCheck} (fails fast on a
 * missing VPSie account or cluster: each missing setting once, exit 2), {@code FirstContact}
 * (readiness after the first reads of both sides), {@code DeadlockWatch} (liveness, one deadlock
 * scan per 5 s), and what build it is ({@code BuildInfo}: version, commit, build time, as stamped).
 */
package com.vpsie.autoscaler.health;
