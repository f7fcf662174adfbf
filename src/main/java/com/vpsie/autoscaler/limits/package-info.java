/**
 * Bounds on what callers and peers can make the function spend, owned by neither side:
 * {@code RequestBudget} (a token bucket: per webhook token in {@code webhook.AuthFilter}, per
 * VPSie account in {@code vpsie.VpsieTransport}) and {@code Bounded} (text cut before it is kept,
 * logged or answered).
 */
package com.vpsie.autoscaler.limits;
