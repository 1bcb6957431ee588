import { describe, expect, it } from 'vitest';
import { quantileBuckets, ratioProof } from './proofs.ts';

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
    const series = quantileBuckets({
      metric: 'm',
      labels: { tenant: 'a' },
      buckets: [0.5, 1, 2.5, 10],
      quantile: 0.95,
      value,
      perStep: 1e6,
      steps: 1,
    });
    const counts = series.map((s) => ({
      le: Number(/le="([^"]+)"/.exec(s.series)![1]!.replace('+Inf', 'Infinity')),
      count: Number(s.values.split('+')[1]!.split('x')[0]),
    }));
    expect(quantileOf(0.95, counts)).toBeCloseTo(value, 9);
  });

  it('refuse a quantile no histogram can report: below the quantile of the first bucket', () => {
    expect(() =>
      quantileBuckets({
        metric: 'm',
        labels: {},
        buckets: [0.5, 1],
        quantile: 0.95,
        value: 0.3,
        perStep: 1e6,
        steps: 1,
      }),
    ).toThrow(/needs a bucket below 0.5/);
  });

  it('ratio proofs count PROOF_SCALE events a sample, of which the ratio are bad', () => {
    const proof = ratioProof({
      good: (t) => `ok{tenant="${t}"}`,
      bad: (t) => `failed{tenant="${t}"}`,
      labels: (t) => ({ tenant: t }),
    });
    expect(proof.inputs('ink', 0.0303, 25)).toEqual([
      { series: 'ok{tenant="ink"}', values: '0+969700x25' },
      { series: 'failed{tenant="ink"}', values: '0+30300x25' },
    ]);
    expect(proof.labels('ink')).toEqual({ tenant: 'ink' });
  });
});
