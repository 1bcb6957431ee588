import { environment, lintPolicy, resolveTenant, TIERS, type Tenant } from '@plotwatch/platform';
import { compileAlert, seconds } from '@plotwatch/rules';
import { describe, expect, it } from 'vitest';
import { alertDomains } from './index.ts';

const alerts = alertDomains.flatMap((d) => d.alerts);
const tenant = (id: string, tier: (typeof TIERS)[number]): Tenant =>
  resolveTenant(
    { id, displayName: id, tier, tenancy: 'label', notifications: [{ name: 'm', type: 'email', to: 'a@b.example' }] },
    `${id}.yaml`,
  );

describe('alert definitions', () => {
  it('have unique names, one definition each', () => {
    const names = alerts.map((a) => a.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('page or ticket, with a `for` inside the lint policy, and a summary and description', () => {
    for (const alert of alerts) {
      expect(alert.summary.length, alert.name).toBeGreaterThan(0);
      expect(alert.description.length, alert.name).toBeGreaterThan(0);
      for (const rule of alert.rules) {
        expect(['page', 'ticket']).toContain(rule.severity);
        expect(seconds(rule.for)).toBeLessThanOrEqual(lintPolicy.alertFor.maxSeconds);
      }
    }
  });

  it("serve every label tenant with one rule that no tenant's values change", () => {
    const env = environment('prod');
    for (const alert of alerts.filter((a) => a.scope === 'tenant')) {
      const shared = compileAlert(alert, { kind: 'shared' }, env, 1).rules.map((r) => r.expr);
      // The shared rule has no tenant to read values from: they come as series, one per tenant.
      expect(shared.join('\n'), alert.name).toMatch(/tenant:\w+:threshold|tenant_slo:error_budget:ratio/);
      const own = (t: Tenant) =>
        compileAlert(alert, { kind: 'own', tenant: { ...t, tenancy: 'mimir' } }, env, 1).rules.map((r) =>
          r.expr.replaceAll(t.id, 'x'),
        );
      if (alert.name.endsWith('SliAbsent')) continue;
      // A mimir tenant's copy carries its own values: the tiers' differ, so do the copies.
      expect(own(tenant('a', 'enterprise')), alert.name).not.toEqual(own(tenant('a', 'free')));
    }
  });

  it('come with promtool cases for every tier, proving both sides', () => {
    for (const alert of alerts) {
      const cases =
        alert.scope === 'tenant' ? alert.tests(TIERS.map((tier) => tenant(`t-${tier}`, tier))) : alert.tests();
      expect(cases.length, alert.name).toBeGreaterThanOrEqual(2);
      expect(
        cases.some((c) => c.checks.some((check) => check.firing.length > 0)),
        alert.name,
      ).toBe(true);
      expect(
        cases.some((c) => c.checks.every((check) => check.firing.length === 0)),
        alert.name,
      ).toBe(true);
    }
  });
});
