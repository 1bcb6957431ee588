import { seconds } from '../model/duration.ts';
import type { InputSeries, Labels } from '../model/model.ts';
import type { TrafficSegment } from '../model/slo-policy.ts';
import { PROOF_SCALE, type SteadyProof } from '../generate/threshold-alert.ts';
import { constantValues, counterValues } from './alert-test.ts';

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
  // A loop, not entries/map/join: this names every input series of every tenant's tests.
  let body = '';
  for (const key of Object.keys(labels)) body += `${body ? ', ' : ''}${key}=${JSON.stringify(labels[key])}`;
  return `${name}{${body}}`;
}

/** `<metric>_bucket{...labels, le="<le>"}`, the labels written once for all the buckets. */
function bucketSeries(metric: string, labels: Labels): (le: string) => string {
  if (Object.hasOwn(labels, 'le')) return (le) => seriesName(`${metric}_bucket`, { ...labels, le });
  const head = seriesName(`${metric}_bucket`, labels).slice(0, -1);
  const separator = head.endsWith('{') ? '' : ', ';
  return (le) => `${head}${separator}le=${JSON.stringify(le)}}`;
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
  if (hiIndex < 0)
    throw new Error(
      `${o.metric}: ${o.value} lies above the largest bucket ${o.buckets.at(-1)}; histogram_quantile cannot report it`,
    );
  const hi = o.buckets[hiIndex]!;
  const lo = hiIndex === 0 ? 0 : o.buckets[hiIndex - 1]!;
  const rank = o.quantile * o.perStep;
  const share = (o.value - lo) / (hi - lo);
  // Inside the first bucket nothing lies below: the quantile is hi * rank / count(hi), at least quantile * hi.
  if (hiIndex === 0 && share < o.quantile)
    throw new Error(`${o.metric}: a ${o.quantile} quantile of ${o.value} needs a bucket below ${hi}`);
  const spread = Math.min(rank, o.perStep - rank);
  const below = hiIndex === 0 ? 0 : rank - share * spread;
  const atHi = hiIndex === 0 ? rank / share : rank + (1 - share) * spread;
  // Every bucket counts one of these: each is written once, not once per bucket.
  const belowValues = counterValues([{ perStep: below, steps: o.steps }]);
  const atHiValues = counterValues([{ perStep: atHi, steps: o.steps }]);
  const bucket = bucketSeries(o.metric, o.labels);
  return [
    ...o.buckets.map((le) => ({ series: bucket(String(le)), values: le < hi ? belowValues : atHiValues })),
    counterSeries(bucket('+Inf'), o.perStep, o.steps),
  ];
}

/** A counter over the traffic's segments, adding what `perStep` counts of each sample. */
function trafficCounter(
  series: string,
  segments: readonly TrafficSegment[],
  perStep: (s: TrafficSegment) => number,
): InputSeries {
  return { series, values: counterValues(segments.map((s) => ({ perStep: perStep(s), steps: s.steps }))) };
}

/** Two counters, one for the good and one for the bad events of each sample: what ratio SLIs and error ratios read. */
export function goodAndBadCounters(o: {
  readonly good: string;
  readonly bad: string;
  readonly segments: readonly TrafficSegment[];
}): InputSeries[] {
  return [trafficCounter(o.good, o.segments, (s) => s.total - s.bad), trafficCounter(o.bad, o.segments, (s) => s.bad)];
}

/**
 * Bucket counters for `good` fast and `bad` slow observations a sample: fast ones in the first
 * bucket, slow ones above the last finite bound, so every latency threshold between counts them right.
 */
export function goodAndBadBuckets(o: {
  readonly metric: string;
  readonly labels: Labels;
  readonly buckets: readonly number[];
  readonly segments: readonly TrafficSegment[];
}): InputSeries[] {
  const bucket = bucketSeries(o.metric, o.labels);
  // Every finite bucket counts the same good events: their values are written once.
  const good = counterValues(o.segments.map((s) => ({ perStep: s.total - s.bad, steps: s.steps })));
  return [
    ...o.buckets.map((le) => ({ series: bucket(String(le)), values: good })),
    trafficCounter(bucket('+Inf'), o.segments, (s) => s.total),
  ];
}

/** A gauge moving by `perSecond` from `start`, in promtool's expanding notation. */
export function linearGauge(
  series: string,
  start: number,
  perSecond: number,
  steps: number,
  interval: string,
): InputSeries {
  return { series, values: counterValues([{ perStep: perSecond * seconds(interval), steps }], start) };
}

/**
 * A ratio of bad to all events equal to `value`: PROOF_SCALE events a sample, of which
 * `value * PROOF_SCALE` are bad, so the ratio is exact.
 */
export function ratioProof(o: {
  readonly good: (tenantId: string) => string;
  readonly bad: (tenantId: string) => string;
  readonly labels: (tenantId: string) => Labels;
}): SteadyProof<string> {
  return {
    inputs: (tenantId, ratio, steps) =>
      goodAndBadCounters({
        good: o.good(tenantId),
        bad: o.bad(tenantId),
        segments: [{ steps, total: PROOF_SCALE, bad: Math.round(ratio * PROOF_SCALE) }],
      }),
    labels: o.labels,
  };
}

/** Gauges for which the signal is exactly `value` from the first evaluation on. */
export function gaugeProof<S>(o: {
  readonly series: (subject: S, value: number) => Array<{ series: string; value: number }>;
  readonly labels: (subject: S) => Labels;
}): SteadyProof<S> {
  return {
    inputs: (subject, value, steps) => o.series(subject, value).map((g) => gaugeSeries(g.series, g.value, steps)),
    labels: o.labels,
    timing: { from: '0s', settled: '0s' },
  };
}

/** A histogram whose `quantile` is exactly `value`, PROOF_SCALE observations a sample. */
export function quantileProof(o: {
  readonly metric: string;
  readonly buckets: readonly number[];
  readonly quantile: number;
  readonly series: (tenantId: string) => Labels;
  readonly labels: (tenantId: string) => Labels;
}): SteadyProof<string> {
  return {
    inputs: (tenantId, value, steps) =>
      quantileBuckets({
        metric: o.metric,
        labels: o.series(tenantId),
        buckets: o.buckets,
        quantile: o.quantile,
        value,
        perStep: PROOF_SCALE,
        steps,
      }),
    labels: o.labels,
  };
}
