import { rememberPosition } from './source-position.ts';
import type { Thresholds } from './thresholds.ts';

export const TIERS = ['enterprise', 'pro', 'free'] as const;
export type TierId = (typeof TIERS)[number];

export interface LatencyObjective {
  /** Share of requests that must be faster than `thresholdSeconds`. */
  readonly objective: number;
  /**
   * The tier defaults sit on bucket bounds of the histograms, so the SLI counts requests exactly
   * instead of interpolating.
   */
  readonly thresholdSeconds: number;
}
export interface SloTarget {
  /** Share of requests that must succeed over the 30-day window. */
  readonly availability: number;
  readonly latency: LatencyObjective;
}
export interface Slo {
  readonly storyGeneration: SloTarget;
  readonly userInteraction: SloTarget;
}

/**
 * The histogram each SLO's latency is counted on (catalog metrics): a latency threshold must lie
 * within its buckets, since the SLI counts requests by bucket. The SLO definitions read it from here.
 */
export const SLO_LATENCY_HISTOGRAMS: Readonly<Record<keyof Slo, string>> = {
  storyGeneration: 'narrative_generation_duration_seconds',
  userInteraction: 'user_interaction_response_duration_seconds',
};

export interface TierDefaults {
  readonly slo: Slo;
  readonly thresholds: Thresholds;
  /** Active series the tenant may add to the shared Prometheus. */
  readonly seriesBudget: number;
}

/** A tier's defaults, remembered with the line that defines them (the build names it in errors). */
const tier = (defaults: TierDefaults): TierDefaults => rememberPosition(defaults);

export const tiers: Readonly<Record<TierId, TierDefaults>> = {
  enterprise: tier({
    slo: {
      storyGeneration: { availability: 0.999, latency: { objective: 0.99, thresholdSeconds: 8 } },
      userInteraction: { availability: 0.999, latency: { objective: 0.99, thresholdSeconds: 0.5 } },
    },
    thresholds: {
      story_api_error_ratio: 0.01,
      story_api_p95_latency_seconds: 1,
      story_api_max_in_flight_requests: 2000,
      generation_failure_ratio: 0.02,
      moderation_rejection_ratio: 0.05,
      inference_p95_latency_seconds: 4,
      token_throughput_min_ratio: 0.5,
      model_drift_score: 0.2,
      personalization_accuracy_min: 0.8,
      interaction_p95_latency_seconds: 0.5,
      completion_rate_min_ratio: 0.85,
      consumer_lag_max_messages: 50_000,
      dead_letters_per_minute: 1,
      story_api_traffic_anomaly_zscore: 3,
    },
    seriesBudget: 200_000,
  }),
  pro: tier({
    slo: {
      storyGeneration: { availability: 0.995, latency: { objective: 0.95, thresholdSeconds: 8 } },
      userInteraction: { availability: 0.995, latency: { objective: 0.95, thresholdSeconds: 1 } },
    },
    thresholds: {
      story_api_error_ratio: 0.02,
      story_api_p95_latency_seconds: 2,
      story_api_max_in_flight_requests: 500,
      generation_failure_ratio: 0.05,
      moderation_rejection_ratio: 0.08,
      inference_p95_latency_seconds: 6,
      token_throughput_min_ratio: 0.4,
      model_drift_score: 0.25,
      personalization_accuracy_min: 0.75,
      interaction_p95_latency_seconds: 1,
      completion_rate_min_ratio: 0.8,
      consumer_lag_max_messages: 20_000,
      dead_letters_per_minute: 5,
      story_api_traffic_anomaly_zscore: 3.5,
    },
    seriesBudget: 50_000,
  }),
  free: tier({
    slo: {
      storyGeneration: { availability: 0.99, latency: { objective: 0.9, thresholdSeconds: 15 } },
      userInteraction: { availability: 0.99, latency: { objective: 0.9, thresholdSeconds: 2.5 } },
    },
    thresholds: {
      story_api_error_ratio: 0.05,
      story_api_p95_latency_seconds: 5,
      story_api_max_in_flight_requests: 50,
      generation_failure_ratio: 0.1,
      moderation_rejection_ratio: 0.15,
      inference_p95_latency_seconds: 10,
      token_throughput_min_ratio: 0.3,
      model_drift_score: 0.3,
      personalization_accuracy_min: 0.7,
      interaction_p95_latency_seconds: 2,
      completion_rate_min_ratio: 0.7,
      consumer_lag_max_messages: 5_000,
      dead_letters_per_minute: 10,
      story_api_traffic_anomaly_zscore: 4,
    },
    seriesBudget: 15_000,
  }),
};
