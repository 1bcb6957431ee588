import { environment, tenantScope, PLATFORM_SCOPE } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { compileAlert } from './compile-alert.ts';
import { crossing, plainAlert, scoped } from './plain-alert.ts';

const alert = plainAlert({
  name: 'PostgresqlDown',
  persona: 'ops',
  dashboard: { persona: 'ops', slug: 'postgres', panel: 'Up' },
  rules: [
    {
      severity: 'page',
      expr: 'pg_up == 0',
      for: '1m',
      labels: { severity: 'critical' },
      annotations: { summary: 'Postgresql down (instance {{ $labels.instance }})' },
      proof: {
        threshold: 0,
        labels: { __name__: 'pg_up', instance: 'db-1' },
        firing: { value: 0, inputs: (steps) => [{ series: 'pg_up{instance="db-1"}', values: `0+0x${steps}` }] },
        silent: { value: 1, inputs: (steps) => [{ series: 'pg_up{instance="db-1"}', values: `1+0x${steps}` }] },
        timing: { from: '0s', settled: '0s' },
      },
    },
  ],
});

describe('plain alerts', () => {
  it('keep the expression, for, labels and annotations exactly as given', () => {
    const { rules, compiled } = compileAlert(alert, { kind: 'platform' }, environment('prod'), 0);
    expect(rules).toEqual([
      {
        alert: 'PostgresqlDown',
        expr: 'pg_up == 0',
        for: '1m',
        labels: { severity: 'critical' },
        annotations: { summary: 'Postgresql down (instance {{ $labels.instance }})' },
      },
    ]);
    expect(compiled.rules[0]!.severity).toBe('page');
  });

  it('are proven by literal inputs: pending, then firing with the expected text; silent below', () => {
    const [fires, silent] = alert.scope === 'platform' ? alert.tests() : [];
    expect(fires).toMatchObject({
      name: 'PostgresqlDown: fires at 0 (threshold 0) after 1m',
      inputs: [{ series: 'pg_up{instance="db-1"}', values: '0+0x3' }],
      checks: [
        { at: '0s', firing: [] },
        { at: '1m', firing: [{ severity: 'page', value: 0 }] },
      ],
    });
    expect(silent!.checks.every((c) => c.firing.length === 0)).toBe(true);
  });

  it('probe 1% either side of a threshold, one unit either side of 0', () => {
    expect(crossing('>', 5)).toEqual({ firing: 5.05, silent: 4.95 });
    expect(crossing('<', 0)).toEqual({ firing: -1, silent: 1 });
    expect(crossing('==', 0)).toEqual({ firing: 0, silent: 1 });
  });

  it('narrow a written selector to one tenant', () => {
    expect(scoped('errors_total{job="api"}', tenantScope('acme'))).toBe('errors_total{tenant="acme", job="api"}');
    expect(scoped('errors_total', tenantScope('acme'))).toBe('errors_total{tenant="acme"}');
    expect(scoped('errors_total{}', tenantScope('acme'))).toBe('errors_total{tenant="acme"}');
    expect(scoped('errors_total{job="api"}', PLATFORM_SCOPE)).toBe('errors_total{job="api"}');
  });
});
