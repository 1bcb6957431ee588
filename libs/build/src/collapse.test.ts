import { describe, expect, it } from 'vitest';
import { collapseTenants } from './collapse.ts';

const finding = (tenant: string) =>
  `dashboards/ops/typo.ts:6 (tenant ${tenant}, dashboard ${tenant}-ops-typo, panel "P"): metric m is not in the catalog [promql/unknown-metric]\n` +
  `    sum(m{tenant="${tenant}"})\n` +
  `        ^`;

describe('findings collapsed across tenants', () => {
  it('says a problem of every tenant once, with the count', () => {
    const tenants = ['a', 'bb', 'ccc'];
    const collapsed = collapseTenants(tenants.map(finding), tenants);
    expect(collapsed).toEqual([
      'dashboards/ops/typo.ts:6 (dashboard a-ops-typo, panel "P"): metric m is not in the catalog (in all 3 tenants) [promql/unknown-metric]\n' +
        '    sum(m{tenant="a"})\n' +
        '        ^',
    ]);
  });

  it('names the tenants when not all have it, and leaves one-tenant and tenant-less messages as they are', () => {
    const tenants = ['a', 'b', 'c', 'd'];
    const errors = [
      'alerts/ai/models.ts:22: alert X: bad',
      'dashboards/x.ts (tenant a): selector: boom',
      'dashboards/x.ts (tenant c): selector: boom',
      finding('d'),
    ];
    expect(collapseTenants(errors, tenants)).toEqual([
      'alerts/ai/models.ts:22: alert X: bad',
      'dashboards/x.ts: selector: boom (in 2 tenants: a, c)',
      finding('d'),
    ]);
  });
});
