/**
 * The front door.
 * <ul>
 *   <li>A controller per route: {@code WebhookController} (Alertmanager and event-exporter
 *   deliveries), {@code ScaleController} ({@code POST /v1/scale}), {@code QueryController} (the
 *   heartbeat, node groups, decisions), {@code PlanController} (the plan of the live cluster or of
 *   a scenario), {@code ExplainController} (why, and when, for one node or pod), {@code VersionController}, {@code OpenApiController}; their bodies are the
 *   {@code Payloads} records. Controllers depend on the inbound interfaces
 *   {@code reconcile.Reconciling} and {@code reconcile.GroupQueries}, never on the reconciler
 *   itself.</li>
 *   <li>Before a route: {@code AuthFilter} (bearer tokens, SHA-256 and constant-time compare, a
 *   request budget per token); {@code BodyLimitFilter}, {@code JsonBodies} and {@code StrictJson}
 *   (413 and 400 naming the field); {@code RequestDeadlines} (headers and body deadlines per
 *   connection); {@code HealthPathFilter} (an unknown {@code /health/*} is a plain 404);
 *   {@code WhatIfAdmission} (what-ifs at once, and their shared memory budget);
 *   {@code IdempotencyStore}.</li>
 *   <li>Errors: every one a {@code Problem} ({@code application/problem+json} naming the field),
 *   from a controller's {@code ProblemException} or {@code ProblemHandlers} (5xx details hidden), in
 *   the request's words ({@code PlainWords}); {@code ApiErrors} and {@code BodyErrors} describe the
 *   shared error answers in the OpenAPI description.</li>
 * </ul>
 */
package com.vpsie.autoscaler.webhook;
