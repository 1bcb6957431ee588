import type { PersonaId, QueryScope, Tenant } from '@plotwatch/platform';
import { seconds } from './duration.ts';
import type { InputSeries, PanelLink, Severity } from './model.ts';

/**
 * One pair of windows: the burn rate must exceed `factor` over both, the long one for significance,
 * the short one to reset fast.
 */
export interface BurnWindows {
  readonly factor: number;
  readonly long: string;
  readonly short: string;
}

/** The window pairs of one severity, any of which fires it. */
export interface BurnRatePolicy {
  readonly severity: Severity;
  readonly for: string;
  readonly windows: readonly BurnWindows[];
}

/** Every SLO is over 30 days: a burn rate of 1 spends exactly the error budget in that time. */
export const SLO_PERIOD = '30d';

/** The multi-window, multi-burn-rate alerts of the SRE workbook: data, read by the generator and its tests alike. */
export const burnRatePolicies: readonly BurnRatePolicy[] = [
  {
    severity: 'page',
    for: '2m',
    windows: [
      { factor: 14.4, long: '1h', short: '5m' },
      { factor: 6, long: '6h', short: '30m' },
    ],
  },
  {
    severity: 'ticket',
    for: '15m',
    windows: [
      { factor: 3, long: '1d', short: '2h' },
      { factor: 1, long: '3d', short: '6h' },
    ],
  },
];

/** The window of the recorded 5m rates: SLIs over it divide them directly, longer ones sum them. */
export const BASE_WINDOW = '5m';

/** Every window an alert reads, shortest first: one recording rule each per SLO. */
export const SLI_WINDOWS: readonly string[] = [
  ...new Set(burnRatePolicies.flatMap((p) => p.windows.flatMap((w) => [w.short, w.long]))),
].sort((a, b) => seconds(a) - seconds(b));

/**
 * Every window the SLI is recorded over: the alerts' windows, and the SLO period itself, so the
 * SLI and error-budget panels read one recorded series instead of summing 30 days at view time.
 */
export const RECORDED_SLI_WINDOWS: readonly string[] = [...new Set([...SLI_WINDOWS, SLO_PERIOD])];

/** Bad and total events per second over 5m, per tenant, as instant vectors aggregated `by (tenant)`. */
export interface RatioSli {
  readonly kind: 'ratio';
  readonly errors: (scope: QueryScope) => string;
  readonly requests: (scope: QueryScope) => string;
}

/**
 * Requests slower than the tenant's threshold, from a recorded per-tenant bucket rate
 * (`tenant_le:<histogram>_bucket:rate5m`).
 */
export interface LatencySli {
  readonly kind: 'latency';
  readonly bucketRates: string;
  /** The catalog histogram, whose buckets bound the thresholds. */
  readonly histogram: string;
  readonly thresholdSeconds: (tenant: Tenant) => number;
}

/** One part of a test's traffic: `steps` samples 5 minutes apart, each adding `total` events of which `bad` are bad. */
export interface TrafficSegment {
  readonly steps: number;
  readonly total: number;
  readonly bad: number;
}

export interface SloSpec {
  /** The `slo` label and file names: `story-generation-availability`. */
  readonly id: string;
  readonly title: string;
  /** A bad event, in words: `story turns that failed (error or timeout)`. */
  readonly badEvents: string;
  readonly persona: PersonaId;
  readonly service: string;
  readonly dashboard: PanelLink;
  readonly objective: (tenant: Tenant) => number;
  readonly sli: RatioSli | LatencySli;
  /** The raw series the SLI is computed from: while a tenant has none, its burn-rate alerts cannot fire. */
  readonly presence: (scope: QueryScope) => string;
  /** Input series carrying the given traffic for one tenant, for the generated tests. */
  readonly traffic: (tenantId: string, segments: readonly TrafficSegment[]) => InputSeries[];
}

/** 1 - objective, rounded so that 1 - 0.999 is 0.001. */
export function errorBudget(objective: number): number {
  return Number((1 - objective).toPrecision(12));
}
