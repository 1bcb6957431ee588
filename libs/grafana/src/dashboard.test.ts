import { environments, personas, platform } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { definePlatformDashboard, defineTenantDashboard, platformDashboard, tenantDashboard } from './dashboard.ts';
import { importedSpec, sampleContext, sampleTenant } from './test-support.ts';
import { dashboardSchemaErrors } from './validate.ts';

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

describe('an imported dashboard on the kit', () => {
  const d = () =>
    JSON.parse(JSON.stringify(tenantDashboard(sampleContext(), importedSpec()).build())) as {
      time: unknown;
      links: Array<{ title: string }>;
      panels: Array<{
        id: number;
        type: string;
        title: string;
        gridPos: unknown;
        collapsed?: boolean;
        repeat?: string;
        panels?: Array<{ title: string }>;
      }>;
    };

  it("keeps its time range's end and its header links after the kit's sibling links", () => {
    expect(d().time).toEqual({ from: 'now-6h', to: 'now-1m' });
    expect(d().links.map((l) => l.title)).toEqual([
      'Operations dashboards',
      'Machine learning dashboards',
      'Product dashboards',
      'Runbooks',
      'Related',
    ]);
  });

  it('lays out its panels outside any row first, then its rows, each where it was', () => {
    expect(d().panels.map((p) => [p.id, p.type, p.title, p.gridPos, p.collapsed ?? null, p.repeat ?? null])).toEqual([
      [1, 'text', undefined, { x: 0, y: 0, w: 24, h: 2 }, null, null],
      [2, 'row', 'Requests', { x: 0, y: 2, w: 24, h: 1 }, false, null],
      [3, 'timeseries', 'Requests by service', { x: 0, y: 3, w: 12, h: 8 }, null, 'service'],
      [4, 'timeseries', 'Bytes', { x: 12, y: 3, w: 12, h: 8 }, null, null],
      [5, 'row', 'Details', { x: 0, y: 11, w: 24, h: 1 }, true, null],
      [7, 'row', 'Per cluster', { x: 0, y: 12, w: 24, h: 1 }, false, 'cluster'],
      [8, 'timeseries', 'Saturation', { x: 0, y: 13, w: 12, h: 8 }, null, null],
    ]);
    expect(d().panels[4]!.panels!.map((p) => p.title)).toEqual(['Latency']);
    expect(dashboardSchemaErrors(d())).toEqual([]);
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
