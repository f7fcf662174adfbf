/**
 * Which Alertmanager alerts and Kubernetes events mean "reconcile" ({@code TriggerInterpreter}),
 * and why the others were ignored. It reads an {@code AlertInput} or {@code EventInput} per item
 * and answers an {@code Interpretation}: the {@code Trigger}s (a group, or every group, and what
 * said so) and the {@code Ignored} items with why. Triggers only ever say "look again".
 */
package com.vpsie.autoscaler.trigger;
