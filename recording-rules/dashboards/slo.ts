import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';
import { GENERATION_FAILURE_OUTCOMES } from './ml-signals.ts';

/**
 * One series per tenant for each SLO's good and total events, so the 30-day SLI reads a
 * handful of recorded series instead of every pod's histogram.
 */
export const sloSignals = {
  generationRequests: recordName(['tenant'], 'narrative_generation_requests', 'rate5m'),
  generationFailures: recordName(['tenant'], 'narrative_generation_failures', 'rate5m'),
  generationLatencyBuckets: recordName(['tenant', 'le'], 'narrative_generation_duration_seconds_bucket', 'rate5m'),
  interactionLatencyBuckets: recordName(
    ['tenant', 'le'],
    'user_interaction_response_duration_seconds_bucket',
    'rate5m',
  ),
} as const;

const all = (metric: string, matchers = {}) => selector(metric, PLATFORM_SCOPE, matchers);

export const sloRules: RecordingGroupDefinition = {
  name: 'slo-indicators',
  source: import.meta.url,
  rules: [
    {
      record: sloSignals.generationRequests,
      expr: `sum by (tenant) (rate(${all('narrative_generation_requests_total')}[5m]))`,
    },
    {
      // `or ... * 0`: a tenant without failures has a 0, not a gap, so its SLI is 100% rather than missing.
      record: sloSignals.generationFailures,
      expr: `sum by (tenant) (rate(${all('narrative_generation_requests_total', { outcome: { re: GENERATION_FAILURE_OUTCOMES.join('|') } })}[5m])) or ${sloSignals.generationRequests} * 0`,
    },
    {
      record: sloSignals.generationLatencyBuckets,
      expr: `sum by (tenant, le) (rate(${all('narrative_generation_duration_seconds_bucket')}[5m]))`,
    },
    {
      record: sloSignals.interactionLatencyBuckets,
      expr: `sum by (tenant, le) (rate(${all('user_interaction_response_duration_seconds_bucket')}[5m]))`,
    },
  ],
};
