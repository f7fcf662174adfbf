/**
 * The custom resources ({@code autoscaler.vpsie.com/v1alpha1}) as records: {@code NodeGroup} (the wire
 * shape of {@code charts/vpsie-autoscaler/crds/nodegroup.yaml}) and {@code AutoscalerPolicy} (of
 * {@code autoscalerpolicy.yaml}), read and written by every room and owned by none, as
 * Karpenter keeps its API types in {@code pkg/apis/v1}. Records only: no behaviour beyond copies
 * with one field changed.
 */
package com.vpsie.autoscaler.apis.v1alpha1;
