/**
 * The process: {@code Application} (start-up), {@code FatalErrors} (an OutOfMemoryError on any
 * thread halts it), {@code LogSetup} (the log, set up in code), {@code ClockFactory},
 * {@code Cli} and {@code Discover} (the command line). Every other room is a
 * package below.
 */
package com.vpsie.autoscaler;

