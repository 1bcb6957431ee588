import { TIERS, tiers } from '@plotwatch/platform';
import { quantileName, type RecordingGroupDefinition, type RecordingRule } from '@plotwatch/rules';
import { goldenSignals } from '../services/golden-signals.ts';
import { engagementSignals } from './engagement.ts';
import { eventSignals } from './event-pipeline.ts';
import { mlSignals } from './ml-signals.ts';
import { sloSignals } from './slo.ts';

/**
 * Percentiles of one histogram at one aggregation level, computed once per evaluation from a
 * recording of its 5m bucket rates that keeps those labels and `le`: a latency panel then reads
 * one series per line instead of every bucket of every pod.
 */
export interface LatencyQuantiles {
  /** The catalog histogram's base name (`http_request_duration_seconds`). */
  readonly histogram: string;
  /** The recorded bucket rates the percentiles are computed from. */
  readonly buckets: string;
  /** The labels kept: the tenant (tenant scope) and the panel's grouping. */
  readonly by: readonly string[];
  readonly quantiles: readonly number[];
}

/** The percentiles of the golden-signals latency panel. */
export const LATENCY_PERCENTILES = [0.5, 0.95, 0.99] as const;

/** The latency objectives of every tier, as percentiles: the UX panels draw the one the tenant is promised. */
const sloPercentiles = (slo: 'storyGeneration' | 'userInteraction') =>
  TIERS.map((t) => tiers[t].slo[slo].latency.objective);

function quantiles(
  histogram: string,
  buckets: string,
  by: readonly string[],
  wanted: readonly number[],
): LatencyQuantiles {
  return { histogram, buckets, by, quantiles: [...new Set(wanted)].sort((a, b) => a - b) };
}

/** Every recorded percentile, named by what a dashboard reads. */
export const latencyQuantiles = {
  requests: quantiles(
    'http_request_duration_seconds',
    goldenSignals.latencyBuckets,
    ['tenant', 'service'],
    LATENCY_PERCENTILES,
  ),
  requestsByService: quantiles('http_request_duration_seconds', goldenSignals.latencyBuckets, ['service'], [0.95]),
  inference: quantiles(
    'model_inference_duration_seconds',
    mlSignals.inferenceBuckets,
    ['tenant', 'model'],
    [0.5, 0.95, 0.99],
  ),
  inferenceByProvider: quantiles(
    'model_inference_duration_seconds',
    mlSignals.inferenceBuckets,
    ['tenant', 'model', 'provider'],
    [0.95],
  ),
  inferenceFleet: quantiles(
    'model_inference_duration_seconds',
    mlSignals.inferenceBuckets,
    ['model', 'provider'],
    [0.95],
  ),
  agents: quantiles('ai_agent_response_duration_seconds', mlSignals.agentBuckets, ['tenant', 'agent'], [0.95]),
  agentsFleet: quantiles('ai_agent_response_duration_seconds', mlSignals.agentBuckets, ['agent'], [0.95]),
  generation: quantiles(
    'narrative_generation_duration_seconds',
    sloSignals.generationLatencyBuckets,
    ['tenant'],
    [0.95, ...sloPercentiles('storyGeneration')],
  ),
  generationFleet: quantiles('narrative_generation_duration_seconds', mlSignals.generationBuckets, ['model'], [0.95]),
  interactions: quantiles(
    'user_interaction_response_duration_seconds',
    sloSignals.interactionLatencyBuckets,
    ['tenant'],
    [0.95, ...sloPercentiles('userInteraction')],
  ),
  interactionsByChannel: quantiles(
    'user_interaction_response_duration_seconds',
    engagementSignals.interactionBucketsByChannel,
    ['tenant', 'channel'],
    [0.95],
  ),
  sessions: quantiles(
    'story_session_duration_seconds',
    engagementSignals.sessionDurationBuckets,
    ['tenant'],
    [0.5, 0.9],
  ),
  events: quantiles('event_processing_duration_seconds', eventSignals.processingBuckets, ['tenant', 'topic'], [0.95]),
  eventsByTopic: quantiles('event_processing_duration_seconds', eventSignals.processingBuckets, ['topic'], [0.95]),
} as const satisfies Record<string, LatencyQuantiles>;

/** Whether a percentile of this histogram at this level is recorded. */
export function isRecordedQuantile(set: LatencyQuantiles, quantile: number): boolean {
  return set.quantiles.includes(quantile);
}

/** The recorded series of one percentile; a percentile nobody records is an error, not a silently empty panel. */
export function latencyQuantile(set: LatencyQuantiles, quantile: number): string {
  if (!isRecordedQuantile(set, quantile)) {
    throw new Error(
      `p${quantile * 100} of ${set.histogram} by (${set.by.join(', ')}) is not recorded: add it to latencyQuantiles (recorded: ${set.quantiles.join(', ')})`,
    );
  }
  return quantileName(set.by, set.histogram, quantile);
}

function rulesOf(set: LatencyQuantiles): RecordingRule[] {
  return set.quantiles.map((q) => ({
    record: quantileName(set.by, set.histogram, q),
    expr: `histogram_quantile(${q}, sum by (${[...set.by, 'le'].join(', ')}) (${set.buckets}))`,
  }));
}

export const latencyQuantileRules: RecordingGroupDefinition = {
  name: 'latency-quantiles',
  source: import.meta.url,
  rules: Object.values(latencyQuantiles).flatMap(rulesOf),
};
