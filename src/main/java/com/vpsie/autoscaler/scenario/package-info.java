/**
 * The scenario format shared by {@code POST /v1/plan} and the sandbox: a cluster in Kubernetes'
 * shapes joined with VPSie sizes, so it sits above both adapters. {@code Scenario} is the whole
 * world as one record. A body is read as it arrives by
 * {@link com.vpsie.autoscaler.scenario.ScenarioStream}: {@code CountedBody} stops it at its limit,
 * {@code ObjectTooLarge} says one object went past it, {@code ResumedObject} hands an object to the
 * decoder once its {@code kind} is known, and each object is translated to the planner's records as
 * soon as it is decoded ({@code ClusterParts}), refusals naming types and fields as the writer did
 * ({@code BodyNames}). {@code KeptText} bounds what one body's view keeps, drawing from the
 * {@code KeptBudget} all what-ifs in progress share.
 */
package com.vpsie.autoscaler.scenario;
