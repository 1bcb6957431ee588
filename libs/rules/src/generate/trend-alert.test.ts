import { describe, expect, it } from 'vitest';
import { trendCases } from './trend-alert.ts';

describe('trend alerts', () => {
  it('are proven: cases fire when the limit is 1% inside the horizon and stay silent 1% outside', () => {
    const [fires, silent] = trendCases({
      name: 'Lag a',
      severity: 'ticket',
      for: '15m',
      trend: {
        series: () => [],
        labels: { tenant: 'a' },
        start: 0,
        limit: 1000,
        comparison: '>',
        horizonSeconds: 4 * 3600,
        interval: '1m',
        evaluationInterval: '5m',
      },
    });
    expect(fires!.name).toBe('Lag a: fires when reaching 1000 in 3h57m36s (horizon 4h)');
    expect(fires!.checks.map((c) => [c.at, c.firing.length])).toEqual([
      ['10m', 0],
      ['25m', 1],
    ]);
    expect(fires!.checks[1]!.firing[0]!.value).toBeGreaterThan(1000);
    expect(silent!.name).toBe('Lag a: silent when reaching 1000 in 4h2m24s (horizon 4h)');
    expect(silent!.checks.every((c) => c.firing.length === 0)).toBe(true);
  });
});
