import { describe, expect, it } from 'vitest';
import { quantileBuckets, trendCases } from './proofs.ts';

/** histogram_quantile's own interpolation, over one sample's increments. */
function quantileOf(q: number, counts: Array<{ le: number; count: number }>): number {
  const total = counts.at(-1)!.count;
  const rank = q * total;
  const i = counts.findIndex((c) => c.count >= rank);
  const lo = i === 0 ? 0 : counts[i - 1]!.le;
  const below = i === 0 ? 0 : counts[i - 1]!.count;
  return lo + (counts[i]!.le - lo) * ((rank - below) / (counts[i]!.count - below));
}

describe('proof inputs', () => {
  it.each([0.49, 1.01, 2.475, 8])('quantile buckets put the 95th percentile at exactly %ss', (value) => {
    const series = quantileBuckets({ metric: 'm', labels: { tenant: 'a' }, buckets: [0.5, 1, 2.5, 10], quantile: 0.95, value, perStep: 1e6, steps: 1 });
    const counts = series.map((s) => ({ le: Number(/le="([^"]+)"/.exec(s.series)![1]!.replace('+Inf', 'Infinity')), count: Number(s.values.split('+')[1]!.split('x')[0]) }));
    expect(quantileOf(0.95, counts)).toBeCloseTo(value, 9);
  });

  it('refuse a quantile no histogram can report: below the quantile of the first bucket', () => {
    expect(() => quantileBuckets({ metric: 'm', labels: {}, buckets: [0.5, 1], quantile: 0.95, value: 0.3, perStep: 1e6, steps: 1 })).toThrow(/needs a bucket below 0.5/);
  });

  it('trend cases fire when the limit is 1% inside the horizon and stay silent 1% outside', () => {
    const [fires, silent] = trendCases({
      name: 'Lag a', severity: 'ticket', for: '15m',
      trend: { series: () => [], labels: { tenant: 'a' }, start: 0, limit: 1000, comparison: '>', horizonSeconds: 4 * 3600, interval: '1m', evaluationInterval: '5m' },
    });
    expect(fires!.name).toBe('Lag a: fires when reaching 1000 in 3h57m36s (horizon 4h)');
    expect(fires!.checks.map((c) => [c.at, c.firing.length])).toEqual([['10m', 0], ['25m', 1]]);
    expect(fires!.checks[1]!.firing[0]!.value).toBeGreaterThan(1000);
    expect(silent!.name).toBe('Lag a: silent when reaching 1000 in 4h2m24s (horizon 4h)');
    expect(silent!.checks.every((c) => c.firing.length === 0)).toBe(true);
  });
});
