import type { Tenant } from '@plotwatch/platform';
import { constantValues, counterValues, duration, seconds, type AlertTestCase } from './alert-test.ts';
import type { InputSeries, Labels, Severity } from '../model/model.ts';
import type { TrafficSegment } from '../generate/slo-policy.ts';
import { MARGIN, PROOF_SCALE, type SteadyProof } from '../generate/threshold-alert.ts';

/** A counter advancing by `perStep` at each of `steps` samples. */
export function counterSeries(series: string, perStep: number, steps: number): InputSeries {
  return { series, values: counterValues([{ perStep, steps }]) };
}

/** A gauge holding `value` for `steps + 1` samples. */
export function gaugeSeries(series: string, value: number, steps: number): InputSeries {
  return { series, values: constantValues(value, steps) };
}

/** `name{a="1", b="2"}` from a label map, in the order given. */
export function seriesName(name: string, labels: Labels): string {
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

/**
 * Bucket counters for which `histogram_quantile(quantile, rate(...))` is exactly `value`:
 * `perStep` observations a sample, the counts at the two bounds around `value` set so that the
 * linear interpolation inside that bucket lands on it.
 */
export function quantileBuckets(o: {
  readonly metric: string;
  readonly labels: Labels;
  readonly buckets: readonly number[];
  readonly quantile: number;
  readonly value: number;
  readonly perStep: number;
  readonly steps: number;
}): InputSeries[] {
  const hiIndex = o.buckets.findIndex((b) => b >= o.value);
  if (hiIndex < 0) throw new Error(`${o.metric}: ${o.value} lies above the largest bucket ${o.buckets.at(-1)}; histogram_quantile cannot report it`);
  const hi = o.buckets[hiIndex]!;
  const lo = hiIndex === 0 ? 0 : o.buckets[hiIndex - 1]!;
  const rank = o.quantile * o.perStep;
  const share = (o.value - lo) / (hi - lo);
  // Inside the first bucket nothing lies below: the quantile is hi * rank / count(hi), at least quantile * hi.
  if (hiIndex === 0 && share < o.quantile) throw new Error(`${o.metric}: a ${o.quantile} quantile of ${o.value} needs a bucket below ${hi}`);
  const spread = Math.min(rank, o.perStep - rank);
  const below = hiIndex === 0 ? 0 : rank - share * spread;
  const atHi = hiIndex === 0 ? rank / share : rank + (1 - share) * spread;
  const count = (le: number) => (le < hi ? below : atHi);
  return [
    ...o.buckets.map((le) => counterSeries(seriesName(`${o.metric}_bucket`, { ...o.labels, le: String(le) }), count(le), o.steps)),
    counterSeries(seriesName(`${o.metric}_bucket`, { ...o.labels, le: '+Inf' }), o.perStep, o.steps),
  ];
}

/** A counter over the traffic's segments, adding what `perStep` counts of each sample. */
function trafficCounter(series: string, segments: readonly TrafficSegment[], perStep: (s: TrafficSegment) => number): InputSeries {
  return { series, values: counterValues(segments.map((s) => ({ perStep: perStep(s), steps: s.steps }))) };
}

/** Two counters, one for the good and one for the bad events of each sample: what ratio SLIs and error ratios read. */
export function goodAndBadCounters(o: { readonly good: string; readonly bad: string; readonly segments: readonly TrafficSegment[] }): InputSeries[] {
  return [trafficCounter(o.good, o.segments, (s) => s.total - s.bad), trafficCounter(o.bad, o.segments, (s) => s.bad)];
}

/**
 * Bucket counters for `good` fast and `bad` slow observations a sample: fast ones in the first
 * bucket, slow ones above the last finite bound, so every latency threshold between counts them right.
 */
export function goodAndBadBuckets(o: { readonly metric: string; readonly labels: Labels; readonly buckets: readonly number[]; readonly segments: readonly TrafficSegment[] }): InputSeries[] {
  const bucket = (le: string) => seriesName(`${o.metric}_bucket`, { ...o.labels, le });
  return [...o.buckets.map((le) => trafficCounter(bucket(String(le)), o.segments, (s) => s.total - s.bad)), trafficCounter(bucket('+Inf'), o.segments, (s) => s.total)];
}

/** A gauge moving linearly from `start` by `perSecond`, and the labels of what the alert reports. */
export interface Trend {
  readonly series: (start: number, perSecond: number, steps: number) => InputSeries[];
  readonly labels: Labels;
  /** The gauge's value when the test starts. */
  readonly start: number;
  /** The level the projection must not pass: a backlog limit, zero free bytes. */
  readonly limit: number;
  readonly comparison: '>' | '<';
  /** How far ahead `predict_linear` looks. */
  readonly horizonSeconds: number;
  readonly interval: string;
  readonly evaluationInterval: string;
}

/**
 * Cases for `predict_linear(x[...], horizon) <comparison> limit` over a linear gauge. A trend only
 * ever gets closer to its limit, so "just above" and "just below" are about time: reaching the
 * limit 1% inside the horizon fires once `for` has passed, and is pending just before; 1% beyond it,
 * at the last check, stays silent throughout.
 */
export function trendCases(o: { readonly name: string; readonly severity: Severity; readonly for: string; readonly trend: Trend; readonly tenant?: Tenant | undefined }): AlertTestCase[] {
  const { trend } = o;
  const step = seconds(trend.evaluationInterval);
  const interval = seconds(trend.interval);
  const horizon = trend.horizonSeconds;
  // The fires case is laid out to cross at the second step; when 1% of the horizon is more than a step it crosses sooner (activeAt).
  const firstChance = 2 * step;
  const lastCheck = firstChance + Math.ceil(seconds(o.for) / step) * step + 2 * step;
  const steps = Math.ceil(lastCheck / interval);
  // The gauge reaches the limit `reachedAt` seconds after the start.
  const perSecond = (reachedAt: number) => (trend.limit - trend.start) / reachedAt;
  const projected = (rate: number, t: number) => trend.start + rate * (t + horizon);
  const passes = (v: number) => (trend.comparison === '>' ? v > trend.limit : v < trend.limit);

  const firingRate = perSecond(firstChance + horizon * (1 - MARGIN));
  let activeAt = step;
  while (!passes(projected(firingRate, activeAt))) activeAt += step;
  const firingAt = activeAt + Math.ceil(seconds(o.for) / step) * step;
  const silentRate = perSecond(lastCheck + horizon * (1 + MARGIN));
  const common = { interval: trend.interval, evaluationInterval: trend.evaluationInterval };
  const away = (share: number) => duration(Math.round(horizon * share));
  return [
    {
      name: `${o.name}: fires when reaching ${trend.limit} in ${away(1 - MARGIN)} (horizon ${duration(horizon)})`, ...common,
      inputs: trend.series(trend.start, firingRate, steps),
      checks: [
        ...(firingAt > activeAt ? [{ at: duration(activeAt), firing: [] }] : []),
        { at: duration(firingAt), firing: [{ severity: o.severity, labels: trend.labels, value: projected(firingRate, firingAt), ...(o.tenant ? { tenant: o.tenant } : {}) }] },
      ],
    },
    {
      name: `${o.name}: silent when reaching ${trend.limit} in ${away(1 + MARGIN)} (horizon ${duration(horizon)})`, ...common,
      inputs: trend.series(trend.start, silentRate, steps),
      checks: [{ at: duration(firingAt), firing: [] }, { at: duration(lastCheck), firing: [] }],
    },
  ];
}

/** A gauge moving by `perSecond` from `start`, in promtool's expanding notation. */
export function linearGauge(series: string, start: number, perSecond: number, steps: number, interval: string): InputSeries {
  return { series, values: counterValues([{ perStep: perSecond * seconds(interval), steps }], start) };
}

/**
 * A ratio of bad to all events equal to `value`: PROOF_SCALE events a sample, of which
 * `value * PROOF_SCALE` are bad, so the ratio is exact.
 */
export function ratioProof(o: { readonly good: (tenantId: string) => string; readonly bad: (tenantId: string) => string; readonly labels: (tenantId: string) => Labels }): SteadyProof<string> {
  return {
    inputs: (tenantId, ratio, steps) => goodAndBadCounters({ good: o.good(tenantId), bad: o.bad(tenantId), segments: [{ steps, total: PROOF_SCALE, bad: Math.round(ratio * PROOF_SCALE) }] }),
    labels: o.labels,
  };
}

/** Gauges for which the signal is exactly `value` from the first evaluation on. */
export function gaugeProof<S>(o: { readonly series: (subject: S, value: number) => Array<{ series: string; value: number }>; readonly labels: (subject: S) => Labels }): SteadyProof<S> {
  return {
    inputs: (subject, value, steps) => o.series(subject, value).map((g) => gaugeSeries(g.series, g.value, steps)),
    labels: o.labels,
    timing: { from: '0s', settled: '0s' },
  };
}

/** A histogram whose `quantile` is exactly `value`, PROOF_SCALE observations a sample. */
export function quantileProof(o: { readonly metric: string; readonly buckets: readonly number[]; readonly quantile: number; readonly series: (tenantId: string) => Labels; readonly labels: (tenantId: string) => Labels }): SteadyProof<string> {
  return {
    inputs: (tenantId, value, steps) => quantileBuckets({ metric: o.metric, labels: o.series(tenantId), buckets: o.buckets, quantile: o.quantile, value, perStep: PROOF_SCALE, steps }),
    labels: o.labels,
  };
}
