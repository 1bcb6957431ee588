import { resolveTenant, selector, type Tenant } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { burnRatePolicies, errorBudget, RECORDED_SLI_WINDOWS, SLI_WINDOWS, type SloSpec } from '../model/slo-policy.ts';
import { burnRateExpr, latencyWeights, sloIndicatorRules, sloObjectiveRules } from './slo.ts';
import { sloBurnCases } from './slo-test.ts';

const tenant = (over: Partial<Tenant> = {}): Tenant => ({
  ...resolveTenant(
    {
      id: 'ink',
      displayName: 'Ink',
      tier: 'enterprise',
      tenancy: 'label',
      notifications: [{ name: 'm', type: 'email', to: 'a@b.example' }],
    },
    'ink.yaml',
  ),
  ...over,
});

const availability: SloSpec = {
  id: 'turns',
  title: 'Turns',
  badEvents: 'failed turns',
  persona: 'ml',
  service: 'narrative-engine',
  dashboard: { persona: 'product', slug: 'overview', panel: 'Turns' },
  objective: (t) => t.slo.storyGeneration.availability,
  sli: {
    kind: 'ratio',
    errors: (scope) => selector('tenant:failures:rate5m', scope),
    requests: (scope) => selector('tenant:requests:rate5m', scope),
  },
  presence: (scope) => selector('narrative_generation_requests_total', scope),
  // Input series are the proofs' business (proofs/): these tests read the cases' names only.
  traffic: () => [],
};
const latency: SloSpec = {
  ...availability,
  id: 'fast-turns',
  objective: (t) => t.slo.storyGeneration.latency.objective,
  sli: {
    kind: 'latency',
    bucketRates: 'tenant_le:narrative_generation_duration_seconds_bucket:rate5m',
    histogram: 'narrative_generation_duration_seconds',
    thresholdSeconds: (t) => t.slo.storyGeneration.latency.thresholdSeconds,
  },
};

describe('SLO model', () => {
  it('records every window the burn-rate policies read, and the SLO period the dashboards show', () => {
    expect(SLI_WINDOWS).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect(RECORDED_SLI_WINDOWS).toEqual([...SLI_WINDOWS, '30d']);
    expect(burnRatePolicies.map((p) => p.windows.map((w) => w.factor))).toEqual([
      [14.4, 6],
      [3, 1],
    ]);
  });

  it('turns an objective into an error budget without float dust', () => {
    expect(errorBudget(0.999)).toBe(0.001);
    expect(errorBudget(0.9995)).toBe(0.0005);
  });

  it('counts a latency threshold on a bucket bound exactly, between bounds by linear interpolation', () => {
    expect(latencyWeights(0.5, [0.25, 0.5, 1])).toEqual([{ le: '0.5', weight: 1 }]);
    expect(latencyWeights(0.8, [0.25, 0.5, 1])).toEqual([
      { le: '0.5', weight: 0.4 },
      { le: '1', weight: 0.6 },
    ]);
    expect(() => latencyWeights(3, [0.25, 0.5, 1])).toThrow(/outside the histogram's buckets/);
  });

  it('publishes the budgets (and bucket weights) of label tenants as series, and inlines them for a mimir tenant', () => {
    const rules = sloObjectiveRules(latency, [tenant()]);
    expect(rules.map((r) => [r.record, r.expr, r.labels])).toEqual([
      ['tenant_slo:error_budget:ratio', 'vector(0.01)', { tenant: 'ink', slo: 'fast-turns' }],
      ['tenant_slo_le:latency_target:weight', 'vector(1)', { tenant: 'ink', slo: 'fast-turns', le: '8' }],
    ]);
    const own = { kind: 'own', tenant: tenant({ id: 'myth', tenancy: 'mimir' }) } as const;
    expect(sloIndicatorRules(latency, own)[0]!.expr).toBe(
      'sum by (tenant) (tenant_le:narrative_generation_duration_seconds_bucket:rate5m{tenant="myth", le="+Inf"}) - (sum by (tenant) (tenant_le:narrative_generation_duration_seconds_bucket:rate5m{tenant="myth", le="8"}))',
    );
    expect(burnRateExpr(availability, burnRatePolicies[0]!, own)).toBe(
      '(tenant_slo:sli_error:ratio_rate1h{tenant="myth", slo="turns"} / 0.001 > 14.4 and tenant_slo:sli_error:ratio_rate5m{tenant="myth", slo="turns"} / 0.001 > 14.4)' +
        ' or (tenant_slo:sli_error:ratio_rate6h{tenant="myth", slo="turns"} / 0.001 > 6 and tenant_slo:sli_error:ratio_rate30m{tenant="myth", slo="turns"} / 0.001 > 6)',
    );
  });

  it('proves every window pair on both sides, except a burn rate the objective makes impossible', () => {
    const names = (t: Tenant) => sloBurnCases(availability, t, 'TurnsBudgetBurn').map((c) => c.name);
    expect(names(tenant())).toEqual([
      'TurnsBudgetBurn ink: page fires at 14.54x over 1h and 5m (budget 0.001)',
      'TurnsBudgetBurn ink: page silent at 14.26x over 1h and 5m (budget 0.001)',
      'TurnsBudgetBurn ink: page fires at 6.06x over 6h and 30m (budget 0.001)',
      'TurnsBudgetBurn ink: page silent at 5.94x over 6h and 30m (budget 0.001)',
      'TurnsBudgetBurn ink: ticket fires at 3.03x over 1d and 2h (budget 0.001)',
      'TurnsBudgetBurn ink: ticket silent at 2.97x over 1d and 2h (budget 0.001)',
      'TurnsBudgetBurn ink: ticket fires at 1.01x over 3d and 6h (budget 0.001)',
      'TurnsBudgetBurn ink: ticket silent at 0.99x over 3d and 6h (budget 0.001)',
    ]);
    // A 90% objective: 14.4 times its 10% budget would be more failures than requests.
    const loose = tenant({
      slo: { ...tenant().slo, storyGeneration: { ...tenant().slo.storyGeneration, availability: 0.9 } },
    });
    expect(names(loose).filter((n) => n.includes('over 1h'))).toEqual([]);
    expect(names(loose)).toHaveLength(6);
  });
});
