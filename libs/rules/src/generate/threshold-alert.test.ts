import { environment, PLATFORM_SCOPE, resolveTenant, selector } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { compileAlert } from './compile-alert.ts';
import { label, tpl } from './template.ts';
import { platformThresholdAlert, tenantThresholdAlert } from './threshold-alert.ts';

const tenant = resolveTenant(
  {
    id: 'ink',
    displayName: 'Ink',
    tier: 'pro',
    tenancy: 'mimir',
    thresholds: { story_api_error_ratio: 0.03 },
    notifications: [{ name: 'm', type: 'email', to: 'a@b.example' }],
  },
  'ink.yaml',
);
const errors = tenantThresholdAlert({
  name: 'Errors',
  threshold: 'story_api_error_ratio',
  comparison: '>',
  for: '10m',
  severity: 'page',
  persona: 'ops',
  service: 'story-api',
  signal: (scope) => selector('tenant_service:http_requests_errors:ratio_rate5m', scope, { service: 'story-api' }),
  summary: tpl`errors of ${label('tenant')}`,
  description: tpl`Too many errors.`,
  dashboard: { persona: 'ops', slug: 'story-api', panel: 'Error ratio (5xx)' },
  // A signal that is its own series: the proofs' builders (ratioProof, ...) are tested in proofs/.
  proof: {
    inputs: (t, v, steps) => [{ series: `ratio{tenant="${t}"}`, values: `${v}+0x${steps}` }],
    labels: (t) => ({ tenant: t }),
  },
});
const env = environment('prod');

describe('threshold alerts', () => {
  it('are one shared rule joined with the threshold series, or a copy with the value inline', () => {
    const shared = compileAlert(errors, { kind: 'shared' }, env, 3).rules[0]!;
    expect(shared.expr).toBe(
      'tenant_service:http_requests_errors:ratio_rate5m{service="story-api"} > on (tenant) group_left tenant:story_api_error_ratio:threshold',
    );
    expect(shared.labels).toEqual({ severity: 'page', persona: 'ops', service: 'story-api' });
    expect(shared.annotations.dashboard_url).toBe(
      'https://grafana.plotwatch.example/d/{{ $labels.tenant }}-ops-story-api?viewPanel=3',
    );
    const own = compileAlert(errors, { kind: 'own', tenant }, env, 3).rules[0]!;
    expect(own.expr).toBe('tenant_service:http_requests_errors:ratio_rate5m{tenant="ink", service="story-api"} > 0.03');
    expect(own.annotations.description).toBe('Too many errors. Now {{ $value | humanizePercentage }}, threshold 3%.');
    expect(own.annotations.dashboard_url).toBe('https://grafana.plotwatch.example/d/ink-ops-story-api?viewPanel=3');
  });

  it("are proven 1% above (pending before `for`, firing after) and 1% below, at the tenant's own threshold", () => {
    const [fires, silent] = errors.scope === 'tenant' ? errors.tests([tenant]) : [];
    expect(fires!.name).toBe('Errors ink: fires at 0.0303 (threshold 0.03) after 10m');
    expect(fires!.checks.map((c) => [c.at, c.firing.map((f) => f.value)])).toEqual([
      ['10m', []],
      ['15m', [0.0303]],
    ]);
    expect(fires!.inputs.map((s) => s.values)).toEqual(['0.0303+0x25']);
    expect(silent!.name).toBe('Errors ink: silent at 0.0297 (threshold 0.03)');
    expect(silent!.checks.every((c) => c.firing.length === 0)).toBe(true);
  });

  it('of the platform read its config and link to the platform dashboards', () => {
    const gpu = platformThresholdAlert({
      name: 'Gpu',
      threshold: 'gpu_utilisation_ratio',
      comparison: '>',
      for: '30m',
      severity: 'ticket',
      persona: 'ops',
      signal: () => `${selector('DCGM_FI_DEV_GPU_UTIL', PLATFORM_SCOPE)} / 100`,
      summary: tpl`hot`,
      description: tpl`Hot.`,
      dashboard: { persona: 'ops', slug: 'capacity', panel: 'GPU utilisation' },
      proof: {
        inputs: (_, v, steps) => [{ series: 'DCGM_FI_DEV_GPU_UTIL{gpu="0"}', values: `${v * 100}+0x${steps}` }],
        labels: () => ({ gpu: '0' }),
        // As gaugeProof times a gauge: the signal holds its value from the first evaluation.
        timing: { from: '0s', settled: '0s' },
      },
    });
    const rule = compileAlert(gpu, { kind: 'platform' }, env, 8).rules[0]!;
    expect(rule.expr).toBe('DCGM_FI_DEV_GPU_UTIL / 100 > 0.95');
    expect(rule.annotations.dashboard_url).toBe(
      'https://grafana.plotwatch.example/d/platform-ops-capacity?viewPanel=8',
    );
    // A gauge holds its value from the first evaluation: pending until `for`, firing at it.
    expect(gpu.scope === 'platform' && gpu.tests()[0]!.checks.map((c) => c.at)).toEqual(['25m', '30m']);
  });
});
