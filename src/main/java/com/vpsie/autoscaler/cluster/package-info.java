/**
 * The Kubernetes adapter: v1 JSON shapes ({@code KubeObjects}, {@code KubeWire}) and their one
 * translation to planner types ({@code KubeTranslation}, also used by {@code POST /v1/plan});
 * {@code KubeApi} (JSON over client-java's {@code ApiClient}, list restarts on 410, 429
 * retries), {@code KubeConnection} (that client, and the pod's own namespace and name),
 * {@code KubernetesCluster} (the cluster port), {@code KubernetesLeases}. Translates and
 * retries; decides nothing.
 */
package com.vpsie.autoscaler.cluster;
