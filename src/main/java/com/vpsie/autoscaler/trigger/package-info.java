/**
 * Which Alertmanager alerts and Kubernetes events mean "reconcile" ({@code TriggerInterpreter}),
 * and why the others were ignored. Triggers only ever say "look again".
 */
package com.vpsie.autoscaler.trigger;
