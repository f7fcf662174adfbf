/**
 * The VPSie adapter: {@code VpsieClient} (each call translated with the retry rule its meaning
 * allows; adds identified by listing diff), {@code VpsieTransport} (budget, breaker, HTTP,
 * envelope, classification, metrics, backoff), {@code VpsieAuth}, {@code CircuitBreaker},
 * {@code RequestBudget}, {@code Backoff}, {@code VpsieMetrics}, {@code VpsieHealthIndicator}.
 */
package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.limits.RequestBudget;

