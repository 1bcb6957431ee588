import type { Thresholds } from './thresholds.ts';

export const TIERS = ['enterprise', 'pro', 'free'] as const;
export type TierId = (typeof TIERS)[number];

export interface LatencyObjective {
  /** Share of requests that must be faster than `thresholdSeconds`. */
  readonly objective: number;
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

export interface TierDefaults {
  readonly slo: Slo;
  readonly thresholds: Thresholds;
  /** Active series the tenant may add to the shared Prometheus. */
  readonly seriesBudget: number;
}

export const tiers: Readonly<Record<TierId, TierDefaults>> = {
  enterprise: {
    slo: {
      storyGeneration: { availability: 0.999, latency: { objective: 0.99, thresholdSeconds: 8 } },
      userInteraction: { availability: 0.999, latency: { objective: 0.99, thresholdSeconds: 0.5 } },
    },
    thresholds: { story_api_error_ratio: 0.01, story_api_p95_latency_seconds: 1, story_api_max_in_flight_requests: 2000 },
    seriesBudget: 200_000,
  },
  pro: {
    slo: {
      storyGeneration: { availability: 0.995, latency: { objective: 0.95, thresholdSeconds: 10 } },
      userInteraction: { availability: 0.995, latency: { objective: 0.95, thresholdSeconds: 1 } },
    },
    thresholds: { story_api_error_ratio: 0.02, story_api_p95_latency_seconds: 2, story_api_max_in_flight_requests: 500 },
    seriesBudget: 50_000,
  },
  free: {
    slo: {
      storyGeneration: { availability: 0.99, latency: { objective: 0.9, thresholdSeconds: 15 } },
      userInteraction: { availability: 0.99, latency: { objective: 0.9, thresholdSeconds: 2 } },
    },
    thresholds: { story_api_error_ratio: 0.05, story_api_p95_latency_seconds: 5, story_api_max_in_flight_requests: 50 },
    seriesBudget: 10_000,
  },
};
