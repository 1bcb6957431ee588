import { describe, expect, it } from 'vitest';
import { goldenSignalsRow, percentile, sloRow } from './rows.ts';

describe('percentile', () => {
  it('aggregates the buckets keeping le and the grouping labels', () => {
    expect(percentile(0.95, 'b', ['model'])).toBe('histogram_quantile(0.95, sum by (le, model) (b))');
  });
});

describe('goldenSignalsRow', () => {
  const series = {
    requestRate: 'req',
    errorRate: 'err',
    latency: [
      { quantile: 0.5, series: 'p50' },
      { quantile: 0.95, series: 'p95' },
    ],
    inFlight: 'busy',
  };

  it('names the four signals after the service unless told otherwise', () => {
    expect(goldenSignalsRow({ service: 'api', series }).panels.map((p) => p.title)).toEqual([
      'api: request rate',
      'api: error ratio',
      'api: latency p95',
      'api: saturation',
    ]);
    expect(goldenSignalsRow({ service: 'api', series, titles: { errors: 'Errors' } }).panels[1]!.title).toBe('Errors');
  });

  it('sums before dividing, so one row serves one tenant and all of them', () => {
    const errors = goldenSignalsRow({ service: 'api', series }).panels[1]!.builder.build();
    expect(errors.targets).toEqual([expect.objectContaining({ expr: 'sum(err) / sum(req)' })]);
  });

  it('draws each recorded percentile as it is, legend named after it (a percentile cannot be summed)', () => {
    const targets = goldenSignalsRow({ service: 'api', series }).panels[2]!.builder.build()
      .targets as unknown as Array<{ expr: string; legendFormat: string }>;
    expect(targets.map((t) => [t.expr, t.legendFormat])).toEqual([
      ['p50', 'p50'],
      ['p95', 'p95'],
    ]);
  });
});

describe('sloRow', () => {
  const sli = {
    title: 'Availability',
    description: 'd',
    objective: 0.999,
    errorBudget: 0.001,
    errorRatio: (w: string) => `bad[${w}]`,
  };
  const windows = { period: '30d', burn: { window: '1h', factor: 14.4 } };

  it('shows the SLI over the period against the objective, the budget left, and the burn rate with the rate that pages', () => {
    const panels = sloRow('SLOs', [sli], windows).panels;
    expect(panels.map((p) => p.title)).toEqual(['Availability', 'Error budget remaining', 'Burn rate']);
    // The SDK types targets as any datasource's query; these are Prometheus queries.
    const exprs = panels.map((p) => (p.builder.build().targets as unknown as Array<{ expr: string }>)[0]!.expr);
    expect(exprs).toEqual(['1 - (bad[30d])', '1 - (bad[30d]) / 0.001', '(bad[1h]) / 0.001']);
    expect(panels[0]!.builder.build().fieldConfig?.defaults?.thresholds?.steps).toEqual([
      { value: null, color: 'red' },
      { value: 0.999, color: 'green' },
    ]);
    expect(panels[2]!.builder.build().fieldConfig?.defaults?.thresholds?.steps).toEqual([
      { value: null, color: 'green' },
      { value: 14.4, color: 'red' },
    ]);
  });
});
