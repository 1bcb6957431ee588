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
}

export const thresholdSpecs = {
  story_api_error_ratio: {
    description: 'Share of story-api requests answered with a 5xx',
    unit: 'ratio', min: 0, max: 1,
  },
  story_api_p95_latency_seconds: {
    description: '95th percentile of story-api request latency',
    unit: 'seconds', min: 0, max: 600,
  },
  story_api_max_in_flight_requests: {
    description: 'Concurrent story-api requests the tenant is allowed (its saturation limit)',
    unit: 'requests', min: 1, max: 100_000,
  },
} as const satisfies Record<string, ThresholdSpec>;

export type ThresholdId = keyof typeof thresholdSpecs;
export const THRESHOLD_IDS = Object.keys(thresholdSpecs) as ThresholdId[];
export type Thresholds = Readonly<Record<ThresholdId, number>>;
