/**
 * The front door: a controller per route; {@code AuthFilter} (bearer tokens, SHA-256 and
 * constant-time compare, a request budget per token); {@code BodyLimitFilter}, {@code JsonBodies}
 * and {@code StrictJson} (413 and 400 naming the field); {@code ProblemHandlers} (every error as
 * {@code application/problem+json}, 5xx details hidden); {@code IdempotencyStore}; payload records;
 * {@code OpenApiController}. Controllers depend on the inbound interfaces
 * {@code reconcile.Reconciling} and {@code reconcile.GroupQueries}, never on the reconciler itself.
 */
package com.vpsie.autoscaler.webhook;
