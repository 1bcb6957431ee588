import { resolveTenant } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { literal, paramSelector, paramSeriesRules, thresholdParam, withParam } from './params.ts';

const tenant = (id: string, tenancy: 'label' | 'mimir') =>
  resolveTenant(
    { id, displayName: id, tier: 'free', tenancy, notifications: [{ name: 'm', type: 'email', to: 'a@b.example' }] },
    `${id}.yaml`,
  );

describe('per-tenant values', () => {
  const drift = thresholdParam('model_drift_score');

  it('are one tiny series per tenant in label tenancy, joined on tenant by the one shared rule', () => {
    expect(paramSeriesRules(drift, [tenant('a', 'label'), tenant('b', 'label')])).toEqual([
      { record: 'tenant:model_drift_score:threshold', expr: 'vector(0.3)', labels: { tenant: 'a' } },
      { record: 'tenant:model_drift_score:threshold', expr: 'vector(0.3)', labels: { tenant: 'b' } },
    ]);
    expect(withParam('x', '>', drift, { kind: 'shared' })).toBe(
      'x > on (tenant) group_left tenant:model_drift_score:threshold',
    );
  });

  it("are written inline in a mimir tenant's own rules, and refused in platform rules", () => {
    expect(withParam('x', '>', drift, { kind: 'own', tenant: tenant('m', 'mimir') })).toBe('x > 0.3');
    expect(() => withParam('x', '>', drift, { kind: 'platform' })).toThrow(/platform-scope rule/);
  });

  it('select by their own labels, and print as PromQL reads them back', () => {
    expect(paramSelector({ ...drift, labels: { slo: 'x' } })).toBe('tenant:model_drift_score:threshold{slo="x"}');
    expect(literal(1 - 0.999)).toBe('0.001');
    expect(literal(2e-7)).toBe('2e-7');
  });
});
