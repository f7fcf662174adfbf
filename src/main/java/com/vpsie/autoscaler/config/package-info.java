/**
 * Every setting the function reads, as validated records, one per prefix: {@code ReconcileConfig},
 * {@code DrainConfig}, {@code PlannerConfig}, {@code TemplateConfig}, {@code ModeConfig} (the loop),
 * {@code VpsieConfig}, {@code KubernetesConfig}, {@code KubeClientConfig} (the adapters), {@code AuthConfig},
 * {@code LimitsConfig}, {@code TriggerConfig} (the way in), {@code SandboxConfig},
 * {@code FaultsConfig} (the sandbox). {@code SettingChecks} is how all of them are checked (ranges
 * in each record's constructor, conversions at start), {@code DurationText} how a duration is
 * written and read in a setting or a spec. A bad setting stops start-up naming the key, what was
 * expected and what was given.
 */
package com.vpsie.autoscaler.config;
