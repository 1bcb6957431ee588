import { catalog, type MetricSpec } from '@plotwatch/platform';
import { labelSets } from './labels.ts';

/**
 * The demo narrative platform as a deterministic model: per tenant, every catalog metric with
 * diurnal traffic, latency distributions per model, token counts, failures and drift. Counters
 * and histograms integrate expected rates over time (no sampling noise but a small deterministic
 * wobble), so the same inputs give the same series, live or backfilled.
 */

export const SCENARIOS = ['model-drift', 'generation-failures', 'latency-spike', 'consumer-lag'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export interface Incident {
  readonly scenario: Scenario;
  readonly tenant: string;
  /** Unix seconds when it started. */
  readonly since: number;
}

export interface SeriesState {
  readonly labels: Readonly<Record<string, string>>;
  /** The labels as JSON: the key of its wobble, built once rather than at every step. */
  readonly key: string;
  readonly tenant: string | undefined;
  /** The tenant's size (tenantScale), computed once. */
  readonly scale: number;
  /** Share of the family's traffic this label set carries (outcome and code shares included). */
  readonly weight: number;
  /** Counter total or gauge value. */
  value: number;
  /** Histograms: cumulative count per bucket bound (the last is +Inf), sum and count. */
  readonly buckets?: number[];
  sum: number;
  count: number;
  /** Histograms: the share of events under each bound at `shareMedian`; recomputed only when the median moves. */
  shares?: number[];
  shareMedian?: number;
}

export interface Family {
  readonly spec: MetricSpec;
  /** Histograms: the bucket bounds, +Inf last. */
  readonly bounds?: readonly number[];
  readonly series: SeriesState[];
}

/** Events per second of one tenant and service (before label shares), at the daily mean. */
const RATE: Readonly<Record<string, number>> = {
  http_requests_total: 20,
  http_request_duration_seconds: 20,
  narrative_generation_requests_total: 3,
  narrative_generation_duration_seconds: 3,
  user_interaction_response_duration_seconds: 5,
  model_inference_duration_seconds: 4,
  model_tokens_total: 900,
  model_cost_usd_total: 0.01,
  ai_agent_response_duration_seconds: 6,
  content_processing_items_total: 2,
  content_processing_duration_seconds: 2,
  content_moderation_flags_total: 0.05,
  story_session_duration_seconds: 0.05,
  stories_started_total: 0.3,
  stories_completed_total: 0.18,
  stories_abandoned_total: 0.08,
  event_processing_duration_seconds: 10,
  event_dead_letters_total: 0.002,
  container_cpu_usage_seconds_total: 0.4,
  kube_pod_container_status_restarts_total: 0,
};

/** Median of each latency histogram, seconds. */
const MEDIAN: Readonly<Record<string, number>> = {
  http_request_duration_seconds: 0.12,
  narrative_generation_duration_seconds: 2.5,
  user_interaction_response_duration_seconds: 0.18,
  model_inference_duration_seconds: 1.6,
  ai_agent_response_duration_seconds: 1.1,
  content_processing_duration_seconds: 0.25,
  story_session_duration_seconds: 720,
  event_processing_duration_seconds: 0.02,
};
const SIGMA = 0.35;
const MODEL_SPEED: Readonly<Record<string, number>> = { 'gpt-4o': 1, 'claude-sonnet': 1.2, 'llama-3-70b': 0.8 };

/** Shares of labels that split traffic unevenly (everything else splits it evenly). */
const SHARES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  // A healthy platform: well inside every tier's SLO, so only incidents burn error budget.
  outcome: { success: 0.99, error: 0.0002, timeout: 0.0001, moderated: 0.0097, rejected: 0.01 },
  code: { '200': 0.9998, '503': 0.0002 },
  direction: { input: 0.35, output: 0.65 },
};

function share(label: string, value: string, values: readonly string[]): number {
  const table = SHARES[label];
  if (!table) return 1 / values.length;
  return (table[value] ?? 0) / values.reduce((n, v) => n + (table[v] ?? 0), 0);
}

/** Deterministic wobble in [-1, 1] from a key and the minute. */
function wobble(key: string, t: number): number {
  let h = 2166136261 ^ Math.floor(t / 60);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

/** Traffic over the day: lowest at 04:00 UTC, highest at 16:00. */
export function diurnal(t: number): number {
  const hour = (t / 3600) % 24;
  return 1 + 0.5 * Math.sin(((hour - 10) / 24) * 2 * Math.PI);
}

/** Tenants differ in size, between half and twice the mean. */
function tenantScale(tenant: string | undefined): number {
  return tenant === undefined ? 1 : 0.5 + 1.5 * ((wobble(tenant, 0) + 1) / 2);
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * k - 1.453152027) * k + 1.421413741) * k - 0.284496736) * k + 0.254829592) * k * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const active = (incidents: readonly Incident[], scenario: Scenario, tenant: string | undefined, t: number) =>
  incidents.find((i) => i.scenario === scenario && i.tenant === tenant && i.since <= t);

export function createPlatform(tenants: readonly string[], metrics: readonly MetricSpec[] = catalog): Family[] {
  return metrics.map((spec) => {
    const perTenant = spec.tenantScoped ? tenants.map((t) => t as string | undefined) : [undefined];
    const bounds = spec.type === 'histogram' ? [...(spec.buckets ?? []), Infinity] : undefined;
    const series = perTenant.flatMap((tenant) => {
      const sets = labelSets(spec, tenant, tenants);
      return sets.map((labels) => {
        const weight = spec.labels.reduce((w, l) => {
          const values = [...new Set(sets.map((s) => s[l.name]!))];
          return w * share(l.name, labels[l.name]!, values);
        }, 1);
        return {
          labels,
          key: JSON.stringify(labels),
          tenant,
          scale: tenantScale(tenant),
          weight,
          value: 0,
          sum: 0,
          count: 0,
          ...(bounds ? { buckets: bounds.map(() => 0) } : {}),
        };
      });
    });
    return { spec, ...(bounds ? { bounds } : {}), series };
  });
}

function failureBoost(spec: MetricSpec, s: SeriesState, t: number, incidents: readonly Incident[]): number {
  if (!active(incidents, 'generation-failures', s.tenant, t)) return 1;
  if (spec.name === 'narrative_generation_requests_total')
    return s.labels.outcome === 'error' ? 1500 : s.labels.outcome === 'success' ? 0.7 : 1;
  if (spec.name === 'http_requests_total' && ['story-api', 'narrative-engine'].includes(s.labels.service ?? ''))
    return s.labels.code === '503' ? 1000 : 0.8;
  return 1;
}

function rate(spec: MetricSpec, s: SeriesState, t: number, incidents: readonly Incident[]): number {
  const base = RATE[spec.name] ?? 0;
  return base * s.weight * diurnal(t) * s.scale * (1 + 0.05 * wobble(s.key, t)) * failureBoost(spec, s, t, incidents);
}

function median(spec: MetricSpec, s: SeriesState, t: number, incidents: readonly Incident[]): number {
  const spike =
    active(incidents, 'latency-spike', s.tenant, t) && spec.name !== 'story_session_duration_seconds' ? 6 : 1;
  return (MEDIAN[spec.name] ?? 1) * (MODEL_SPEED[s.labels.model ?? ''] ?? 1) * spike;
}

function gauge(spec: MetricSpec, s: SeriesState, t: number, incidents: readonly Incident[]): number {
  const w = 1 + 0.02 * wobble(s.key, t);
  switch (spec.name) {
    case 'http_requests_in_flight':
      return (RATE.http_requests_total ?? 0) * s.scale * diurnal(t) * median(spec, s, t, incidents) * w;
    case 'content_personalization_accuracy_ratio':
      return 0.86 * w;
    case 'content_quality_score':
      return 0.8 * w;
    case 'model_drift_score':
      return active(incidents, 'model-drift', s.tenant, t) ? 0.75 : 0.08 * w;
    case 'story_sessions_active':
      return 60 * s.weight * s.scale * diurnal(t) * w;
    case 'event_bus_consumer_lag_messages': {
      const lag = active(incidents, 'consumer-lag', s.tenant, t);
      return 20 * w + (lag ? 4 * (t - lag.since) : 0);
    }
    case 'DCGM_FI_DEV_GPU_UTIL':
      return 40 + 20 * diurnal(t) * w;
    case 'DCGM_FI_DEV_FB_USED':
      return 30_000 * w;
    case 'container_memory_working_set_bytes':
      return 1.5e9 * w;
    case 'kube_pod_container_resource_limits':
      return s.labels.resource === 'cpu' ? 4 : 8e9;
    case 'node_filesystem_size_bytes':
      return 500e9;
    case 'node_filesystem_avail_bytes':
      return 200e9 * w;
    default:
      return 1; // up, probe_success, kube_pod_labels
  }
}

/** Moves one series from `from` to `to` (unix seconds), integrating its rate at the interval's middle. */
export function advanceSeries(
  { spec, bounds }: Family,
  s: SeriesState,
  from: number,
  to: number,
  incidents: readonly Incident[] = [],
): void {
  const dt = to - from;
  const mid = from + dt / 2;
  if (spec.type === 'gauge') {
    s.value = gauge(spec, s, to, incidents);
  } else if (spec.type === 'counter') {
    s.value += rate(spec, s, mid, incidents) * dt;
  } else {
    const n = rate(spec, s, mid, incidents) * dt;
    const m = median(spec, s, mid, incidents);
    if (s.shareMedian !== m) {
      s.shares = bounds!.map((le) => (le === Infinity ? 1 : normalCdf(Math.log(le / m) / SIGMA)));
      s.shareMedian = m;
    }
    const buckets = s.buckets!;
    const shares = s.shares!;
    for (let i = 0; i < buckets.length; i++) buckets[i] = buckets[i]! + n * shares[i]!;
    s.count += n;
    s.sum += n * m * Math.exp((SIGMA * SIGMA) / 2);
  }
}

export function advance(
  families: readonly Family[],
  from: number,
  to: number,
  incidents: readonly Incident[] = [],
): void {
  for (const family of families) for (const s of family.series) advanceSeries(family, s, from, to, incidents);
}

export function seriesCount(families: readonly Family[]): number {
  return families.reduce(
    (n, f) => n + f.series.length * (f.spec.type === 'histogram' ? (f.spec.buckets?.length ?? 0) + 3 : 1),
    0,
  );
}
