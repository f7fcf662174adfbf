/**
 * The VPSie adapter: {@code VpsieClient} (each call translated with the retry rule its meaning
 * allows; adds identified by listing diff), {@code VpsieTransport} (budget, breaker, HTTP,
 * envelope, classification, metrics, backoff), {@code VpsieAuth} (login and its token),
 * {@code CircuitBreaker}, {@link RequestBudget}, {@code Backoff}, {@code VpsieMetrics},
 * {@code VpsieHealthIndicator}. The wire: {@code VpsieWire} (the API's JSON shapes) inside an
 * {@code Envelope} ({@code error:true} fails even with HTTP 200). Where the API is:
 * {@code VpsieBaseUrl}, resolved when first needed; {@code ConfiguredVpsieBaseUrl} reads it from
 * the mounted Secret or configuration.
 */
package com.vpsie.autoscaler.vpsie;

import com.vpsie.autoscaler.limits.RequestBudget;
