import { environments, personas, platform } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { definePlatformDashboard, defineTenantDashboard, platformDashboard, tenantDashboard } from './dashboard.ts';
import { sampleContext, sampleTenant } from './test-support.ts';

const spec = { slug: 'sample', title: 'Sample', description: 'd', rows: [] };

describe('tenantDashboard and platformDashboard', () => {
  it("give a tenant's dashboard its uid, tags, refresh, sibling links and a fixed, hidden tenant", () => {
    const d = tenantDashboard(sampleContext(), spec).build();
    expect(d).toMatchObject({
      uid: 'acme-ops-sample',
      title: 'Acme · Sample',
      tags: ['plotwatch', 'tenant:acme', 'persona:ops'],
      refresh: '30s',
    });
    expect(d.links?.map((l) => l.tags)).toEqual([
      ['tenant:acme', 'persona:ops'],
      ['tenant:acme', 'persona:ml'],
      ['tenant:acme', 'persona:product'],
    ]);
    expect(d.templating?.list?.map((v) => [v.name, v.type, v.hide ?? 0, v.query ?? v.current?.value])).toEqual([
      ['datasource', 'datasource', 0, 'prometheus'],
      ['tenant', 'constant', 2, 'acme'],
    ]);
    expect(d.templating?.list?.[0]?.current?.value).toBe('prom-prod');
  });

  it("default a mimir tenant's dashboards to its own datasource", () => {
    const d = tenantDashboard(sampleContext(sampleTenant({ id: 'globex', tenancy: 'mimir' })), spec).build();
    expect(d.templating?.list?.[0]?.current?.value).toBe('mimir-prod-globex');
  });

  it('build platform dashboards without a tenant, on the environment datasource', () => {
    const d = platformDashboard({ persona: personas.product, env: environments.dev, platform }, spec).build();
    expect(d).toMatchObject({
      uid: 'platform-product-sample',
      title: 'Platform · Sample',
      tags: ['plotwatch', 'platform', 'persona:product'],
      refresh: '5m',
    });
    expect(d.templating?.list?.map((v) => v.name)).toEqual(['datasource']);
    expect(d.templating?.list?.[0]?.current?.value).toBe('prom-dev');
  });
});

describe('defineTenantDashboard and definePlatformDashboard', () => {
  const rest = { title: 'Sample', description: 'd', rows: [] };

  it('say the slug once: the definition and the uid agree', () => {
    const tenantScoped = defineTenantDashboard({ slug: 'sample', persona: 'ml', source: 'file:///x.ts' }, () => rest);
    expect(tenantScoped).toMatchObject({ slug: 'sample', persona: 'ml', scope: 'tenant' });
    expect(tenantScoped.build({ ...sampleContext(), persona: personas.ml }).build().uid).toBe('acme-ml-sample');
    const platformScoped = definePlatformDashboard(
      { slug: 'sample', persona: 'ops', source: 'file:///x.ts' },
      () => rest,
    );
    expect(platformScoped.scope).toBe('platform');
    expect(platformScoped.build({ persona: personas.ops, env: environments.prod, platform }).build().uid).toBe(
      'platform-ops-sample',
    );
  });
});
