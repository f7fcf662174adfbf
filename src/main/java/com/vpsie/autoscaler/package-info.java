/**
 * The process: {@code Application} (start-up), {@code StartupCheck} (fails fast on a missing VPSie
 * account or cluster), {@code FirstContact} (readiness after the first reads), {@code DeadlockWatch} (liveness,
 * one deadlock scan per 5 s), {@code LogSetup} (the log, set up in code), {@code ClockFactory},
 * {@code BuildInfo} and {@code Cli}. Every other room is a package below.
 */
package com.vpsie.autoscaler;
