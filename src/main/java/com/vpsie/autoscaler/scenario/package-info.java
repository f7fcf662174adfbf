/**
 * The scenario format shared by {@code POST /v1/plan} and the sandbox: a cluster in Kubernetes'
 * shapes joined with VPSie sizes, so it sits above both adapters. A body is read as it arrives
 * ({@link com.vpsie.autoscaler.scenario.ScenarioStream}), each object translated to the planner's
 * records as soon as it is decoded ({@code ClusterParts}).
 */
package com.vpsie.autoscaler.scenario;
