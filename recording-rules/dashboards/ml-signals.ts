import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';

/** Model, agent and generation series per tenant, summed over pods: what the ML dashboards graph. */
export const mlSignals = {
  inferenceBuckets: recordName(
    ['tenant', 'model', 'provider', 'le'],
    'model_inference_duration_seconds_bucket',
    'rate5m',
  ),
  agentBuckets: recordName(['tenant', 'agent', 'le'], 'ai_agent_response_duration_seconds_bucket', 'rate5m'),
  generationBuckets: recordName(['tenant', 'model', 'le'], 'narrative_generation_duration_seconds_bucket', 'rate5m'),
  generationRequests: recordName(['tenant', 'model', 'outcome'], 'narrative_generation_requests', 'rate5m'),
  tokens: recordName(['tenant', 'model', 'direction'], 'model_tokens', 'rate5m'),
  cost: recordName(['tenant', 'model', 'provider'], 'model_cost_usd', 'rate5m'),
  costByModel: recordName(['tenant', 'model'], 'model_cost_usd', 'rate5m'),
  costByProvider: recordName(['tenant', 'provider'], 'model_cost_usd', 'rate5m'),
  costTotal: recordName(['tenant'], 'model_cost_usd', 'rate5m'),
  moderationFlags: recordName(['tenant', 'category'], 'content_moderation_flags', 'rate5m'),
} as const;

/** Outcomes of a story-turn generation that failed the reader (moderated turns are the system working). */
export const GENERATION_FAILURE_OUTCOMES = ['error', 'timeout'] as const;

function sumRate(metric: string, by: readonly string[]): string {
  return `sum by (${by.join(', ')}) (rate(${selector(metric, PLATFORM_SCOPE)}[5m]))`;
}

export const mlSignalRules: RecordingGroupDefinition = {
  name: 'ml-signals',
  source: import.meta.url,
  rules: [
    {
      record: mlSignals.inferenceBuckets,
      expr: sumRate('model_inference_duration_seconds_bucket', ['tenant', 'model', 'provider', 'le']),
    },
    {
      record: mlSignals.agentBuckets,
      expr: sumRate('ai_agent_response_duration_seconds_bucket', ['tenant', 'agent', 'le']),
    },
    {
      record: mlSignals.generationBuckets,
      expr: sumRate('narrative_generation_duration_seconds_bucket', ['tenant', 'model', 'le']),
    },
    {
      record: mlSignals.generationRequests,
      expr: sumRate('narrative_generation_requests_total', ['tenant', 'model', 'outcome']),
    },
    { record: mlSignals.tokens, expr: sumRate('model_tokens_total', ['tenant', 'model', 'direction']) },
    { record: mlSignals.cost, expr: sumRate('model_cost_usd_total', ['tenant', 'model', 'provider']) },
    // At the levels the cost panels group by, so each reads one series per line.
    { record: mlSignals.costByModel, expr: `sum by (tenant, model) (${mlSignals.cost})` },
    { record: mlSignals.costByProvider, expr: `sum by (tenant, provider) (${mlSignals.cost})` },
    { record: mlSignals.costTotal, expr: `sum by (tenant) (${mlSignals.cost})` },
    { record: mlSignals.moderationFlags, expr: sumRate('content_moderation_flags_total', ['tenant', 'category']) },
  ],
};
