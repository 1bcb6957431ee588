import type { MetricSpec } from './catalog.ts';

/**
 * Which services expose a tenant-scoped metric (the `service` label's values). By family: the
 * HTTP golden signals come from every service, the domain metrics from the service that owns
 * the domain. The cardinality estimate and the demo platform both read this.
 */
const EXPOSED_BY: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [
    /^http_/,
    [
      'story-api',
      'narrative-engine',
      'model-gateway',
      'inference-worker',
      'personalization',
      'content-pipeline',
      'event-router',
      'session-service',
    ],
  ],
  [/^(narrative_|ai_agent_)/, ['narrative-engine']],
  [/^model_(inference|tokens|cost)/, ['model-gateway']],
  [/^model_drift/, ['inference-worker']],
  [/^content_personalization/, ['personalization']],
  [/^content_/, ['content-pipeline']],
  [/^(user_interaction_|story_session|stories_)/, ['session-service']],
  [/^event_/, ['event-router']],
];

export function exposedBy(metric: MetricSpec): readonly string[] {
  if (!metric.tenantScoped) return [];
  const found = EXPOSED_BY.find(([pattern]) => pattern.test(metric.name));
  if (!found) throw new Error(`no service exposes ${metric.name}: add it to libs/platform/src/exposure.ts`);
  return found[1];
}
