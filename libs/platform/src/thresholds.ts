import type { Unit } from './catalog.ts';

/**
 * Every per-tenant threshold, defined once: the alert and the dashboard's threshold line read
 * the same resolved value. Tiers give defaults (tiers.ts); a tenant overrides only what differs.
 */
export interface ThresholdSpec {
  readonly description: string;
  readonly unit: Unit;
  readonly min: number;
  readonly max: number;
  /**
   * The histogram (catalog metric) whose quantile the threshold is compared with: it must then be
   * above 0 and at most the largest finite bucket, since histogram_quantile reports nothing beyond it.
   */
  readonly histogram?: string;
}

export const thresholdSpecs = {
  story_api_error_ratio: {
    description: 'Share of story-api requests answered with a 5xx',
    unit: 'ratio',
    min: 0,
    max: 1,
  },
  story_api_p95_latency_seconds: {
    // histogram_quantile never reports more than the largest finite bucket (30s): a higher threshold could never fire.
    description: '95th percentile of story-api request latency',
    unit: 'seconds',
    min: 0,
    max: 30,
    histogram: 'http_request_duration_seconds',
  },
  story_api_max_in_flight_requests: {
    description: 'Concurrent story-api requests the tenant is allowed (its saturation limit)',
    unit: 'requests',
    min: 1,
    max: 100_000,
  },
  generation_failure_ratio: {
    description: 'Share of story turns whose generation failed (error or timeout)',
    unit: 'ratio',
    min: 0,
    max: 1,
  },
  moderation_rejection_ratio: {
    description: 'Share of content items rejected by moderation',
    unit: 'ratio',
    min: 0,
    max: 1,
  },
  inference_p95_latency_seconds: {
    description: '95th percentile of one model inference call, per model',
    unit: 'seconds',
    min: 0.5,
    max: 60,
    histogram: 'model_inference_duration_seconds',
  },
  token_throughput_min_ratio: {
    description: 'Token throughput as a share of its value one hour earlier, below which it has collapsed',
    unit: 'ratio',
    min: 0,
    max: 1,
  },
  model_drift_score: {
    description: "Population drift score of a model's inputs",
    unit: 'score',
    min: 0,
    max: 1,
  },
  personalization_accuracy_min: {
    description: 'Offline-evaluated personalization accuracy the tenant expects at least',
    unit: 'ratio',
    min: 0,
    max: 1,
  },
  interaction_p95_latency_seconds: {
    description: '95th percentile of the time from a reader action to the visible response',
    unit: 'seconds',
    min: 0.01,
    max: 2.5,
    histogram: 'user_interaction_response_duration_seconds',
  },
  completion_rate_min_ratio: {
    description: 'Story completion rate as a share of the same hour last week, below which it has dropped',
    unit: 'ratio',
    min: 0,
    max: 1,
  },
  consumer_lag_max_messages: {
    description: 'Event-bus backlog per topic and consumer group the tenant tolerates',
    unit: 'messages',
    min: 1,
    max: 10_000_000,
  },
  dead_letters_per_minute: {
    description: 'Events moved to the dead-letter queue per minute, per topic',
    unit: 'messages',
    min: 0.01,
    max: 10_000,
  },
  story_api_traffic_anomaly_zscore: {
    description: 'Standard deviations between story-api traffic and the same hour of the previous weeks',
    unit: 'none',
    min: 1,
    max: 10,
  },
} as const satisfies Record<string, ThresholdSpec>;

export type ThresholdId = keyof typeof thresholdSpecs;
export const THRESHOLD_IDS = Object.keys(thresholdSpecs) as ThresholdId[];
export type Thresholds = Readonly<Record<ThresholdId, number>>;

/**
 * Thresholds of the platform's shared infrastructure (no tenant): one value each, for everyone.
 * Platform-scope alerts read them from here, never as literals.
 */
export const platformThresholdSpecs = {
  container_cpu_saturation_ratio: {
    description: 'CPU used by a container as a share of its limit',
    unit: 'ratio',
    min: 0,
    max: 1,
  },
  container_memory_saturation_ratio: {
    description: 'Working set of a container as a share of its memory limit',
    unit: 'ratio',
    min: 0,
    max: 1,
  },
  container_restarts_per_15m: {
    description: 'Restarts of one container within 15 minutes: it is crash-looping',
    unit: 'none',
    min: 1,
    max: 100,
  },
  gpu_utilisation_ratio: { description: 'Utilisation of one GPU', unit: 'ratio', min: 0, max: 1 },
  gpu_memory_ratio: {
    description: "Framebuffer memory used as a share of a GPU's memory",
    unit: 'ratio',
    min: 0,
    max: 1,
  },
  target_down_ratio: { description: "Share of a job's scrape targets that are down", unit: 'ratio', min: 0, max: 1 },
} as const satisfies Record<string, ThresholdSpec>;

export type PlatformThresholdId = keyof typeof platformThresholdSpecs;

/** The platform's alerting configuration: thresholds, forecast horizons and anomaly-band settings. */
export interface PlatformAlerting {
  readonly thresholds: Readonly<Record<PlatformThresholdId, number>>;
  /** How far ahead `predict_linear` looks, in hours. */
  readonly forecastHours: {
    /** A disk predicted to be full within this horizon is reported. */
    readonly diskFull: number;
    /** A consumer group's backlog predicted to pass the tenant's limit within this horizon is reported. */
    readonly consumerLag: number;
  };
  readonly anomaly: {
    /**
     * The band's standard deviation is never taken below this share of the seasonal mean:
     * identical past weeks would otherwise make any change an anomaly.
     */
    readonly minStddevShareOfMean: number;
  };
}

export const platformAlerting: PlatformAlerting = {
  thresholds: {
    container_cpu_saturation_ratio: 0.9,
    container_memory_saturation_ratio: 0.9,
    container_restarts_per_15m: 3,
    gpu_utilisation_ratio: 0.95,
    gpu_memory_ratio: 0.95,
    target_down_ratio: 0.1,
  },
  forecastHours: { diskFull: 24, consumerLag: 4 },
  anomaly: { minStddevShareOfMean: 0.05 },
};
