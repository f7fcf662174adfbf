/**
 * The scenario format shared by {@code POST /v1/plan} and the sandbox: a cluster in Kubernetes'
 * shapes joined with VPSie sizes, so it sits above both adapters.
 */
package com.vpsie.autoscaler.scenario;
