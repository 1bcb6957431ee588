import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';

/** Model, agent and generation series per tenant, summed over pods: what the ML dashboards graph. */
export const mlSignals = {
  inferenceBuckets: recordName(['tenant', 'model', 'provider', 'le'], 'model_inference_duration_seconds_bucket', 'rate5m'),
  agentBuckets: recordName(['tenant', 'agent', 'le'], 'ai_agent_response_duration_seconds_bucket', 'rate5m'),
  generationBuckets: recordName(['tenant', 'model', 'le'], 'narrative_generation_duration_seconds_bucket', 'rate5m'),
  generationRequests: recordName(['tenant', 'model', 'outcome'], 'narrative_generation_requests', 'rate5m'),
  tokens: recordName(['tenant', 'model', 'direction'], 'model_tokens', 'rate5m'),
  cost: recordName(['tenant', 'model', 'provider'], 'model_cost_usd', 'rate5m'),
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
    { record: mlSignals.inferenceBuckets, expr: sumRate('model_inference_duration_seconds_bucket', ['tenant', 'model', 'provider', 'le']) },
    { record: mlSignals.agentBuckets, expr: sumRate('ai_agent_response_duration_seconds_bucket', ['tenant', 'agent', 'le']) },
    { record: mlSignals.generationBuckets, expr: sumRate('narrative_generation_duration_seconds_bucket', ['tenant', 'model', 'le']) },
    { record: mlSignals.generationRequests, expr: sumRate('narrative_generation_requests_total', ['tenant', 'model', 'outcome']) },
    { record: mlSignals.tokens, expr: sumRate('model_tokens_total', ['tenant', 'model', 'direction']) },
    { record: mlSignals.cost, expr: sumRate('model_cost_usd_total', ['tenant', 'model', 'provider']) },
  ],
};
