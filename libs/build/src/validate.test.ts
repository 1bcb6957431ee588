import { query, row, tenantDashboard, timeseriesPanel, type DashboardDefinition } from '@plotwatch/grafana';
import { describe, expect, it, vi } from 'vitest';
import { compile } from './compile.ts';
import { compileInput, repoTenants } from './test-support.ts';

/** A careless definition: its queries are written by hand instead of through selector(). */
function planted(slug: string, expr: (tenantId: string) => string): DashboardDefinition {
  return {
    slug,
    persona: 'ops',
    scope: 'tenant',
    source: new URL(`../../../dashboards/ops/${slug}.ts`, import.meta.url).href,
    build: (ctx) =>
      tenantDashboard(ctx, {
        slug,
        title: slug,
        description: 'd',
        rows: [
          row('r', [
            timeseriesPanel({
              title: 'Planted panel',
              description: 'd',
              unit: 'short',
              queries: [query(expr(ctx.tenant.id), 'x')],
            }),
          ]),
        ],
      }),
  };
}

const plantedDashboards: DashboardDefinition[] = [];
vi.mock('@plotwatch/dashboards', async (original) => {
  const real = await original<typeof import('@plotwatch/dashboards')>();
  return {
    ...real,
    get dashboards() {
      return [...real.dashboards, ...plantedDashboards];
    },
  };
});

function buildWith(definition: DashboardDefinition, input = compileInput()): string[] {
  plantedDashboards.splice(0, plantedDashboards.length, definition);
  const result = compile(input);
  return result.ok ? [] : result.errors;
}

describe('the build refuses what the checks find', () => {
  it('a planted unknown metric, naming definition, tenant, dashboard and panel', () => {
    const errors = buildWith(planted('typo', (t) => `sum(rate(http_request_total{tenant="${t}"}[$__rate_interval]))`));
    for (const { id } of repoTenants()) {
      expect(errors).toContain(
        `dashboards/ops/typo.ts (tenant ${id}, dashboard ${id}-ops-typo, panel "Planted panel"): ` +
          'metric http_request_total is not in the catalog (libs/platform/src/catalog.ts) [promql/unknown-metric]\n' +
          `    sum(rate(http_request_total{tenant="${id}"}[$__rate_interval]))\n` +
          '             ^^^^^^^^^^^^^^^^^^',
      );
    }
  });

  it.each(['v2', 'both'] as const)(
    'reads the dashboards it checks in the schema written (--schema %s): the same finding, once',
    (schema) => {
      const errors = buildWith(
        planted('typo', (t) => `sum(rate(http_request_total{tenant="${t}"}[$__rate_interval]))`),
        compileInput(repoTenants(), 'dev', schema),
      );
      for (const { id } of repoTenants()) {
        const named = `dashboards/ops/typo.ts (tenant ${id}, dashboard ${id}-ops-typo, panel "Planted panel"): metric http_request_total is not in the catalog`;
        expect(errors.filter((e) => e.startsWith(named))).toHaveLength(1);
      }
    },
  );

  it('a planted missing tenant matcher, for every label-mode tenant and not for the mimir one', () => {
    const errors = buildWith(planted('leak', () => 'sum(rate(http_requests_total[$__rate_interval]))'));
    const leaks = errors.filter((e) => e.includes('promql/tenant-isolation'));
    for (const tenant of repoTenants()) {
      const named = leaks.some(
        (e) =>
          e.startsWith(
            `dashboards/ops/leak.ts (tenant ${tenant.id}, dashboard ${tenant.id}-ops-leak, panel "Planted panel"): http_requests_total has no tenant matcher`,
          ) && e.includes('[promql/tenant-isolation]'),
      );
      expect(named, tenant.id).toBe(tenant.tenancy === 'label');
    }
  });

  it('accepts the repo as it is', () => {
    expect(
      buildWith(planted('fine', (t) => `sum(rate(http_requests_total{tenant="${t}"}[$__rate_interval]))`)),
    ).toEqual([]);
  });
});
