import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import type { DashboardJson } from './model.ts';
import { planDashboard, scopeOf } from './plan.ts';
import { readDashboard } from './read.ts';
import { addToRegistry, renderDefinition } from './render.ts';
import { formatSummary } from './summary.ts';

const requests = (refId: string, expr: string, legendFormat: string) => ({ refId, expr, legendFormat });

const acme: DashboardJson = {
  uid: 'acme-api',
  title: 'API',
  panels: [
    {
      type: 'timeseries',
      title: 'Requests',
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      fieldConfig: { defaults: { unit: 'reqps' } },
      targets: [
        requests('A', 'sum(rate(http_requests_total{tenant="acme"}[5m]))', 'constant'),
        requests('B', 'sum(http_requests_in_flight{tenant=~"$tenant"})', 'variable'),
        requests('C', 'sum(http_requests_in_flight{tenant="${tenant}"})', 'braces'),
        requests('D', 'sum(http_requests_in_flight{tenant=~"acme|globex"})', 'regex'),
        requests('E', 'sum by (kind) (rate(acme_jobs_total{tenant=~"$tenant", kind!="test"}[5m]))', '{{kind}}'),
      ],
    },
    {
      type: 'logs',
      title: 'Logs',
      gridPos: { x: 12, y: 0, w: 12, h: 8 },
      targets: [{ refId: 'A', datasource: { type: 'loki', uid: 'loki' }, expr: '{tenant="acme"}' }],
    },
    { title: 'Shared', gridPos: { x: 0, y: 8, w: 12, h: 8 }, libraryPanel: { uid: 'lib1', name: 'Shared panel' } },
  ],
  templating: { list: [{ type: 'query', name: 'tenant', query: 'label_values(up, tenant)' }] },
};

describe('planDashboard and renderDefinition', () => {
  it("makes every form of tenant matcher the scope's, catalog metrics selector() references, the rest literal", async () => {
    const plan = planDashboard(readDashboard(acme, 'api.json'), { persona: 'ops', slug: 'acme-api', scope: 'tenant' });
    expect(await renderDefinition(plan))
      .toBe(`import { defineTenantDashboard, query, rawPanel, timeseriesPanel, units } from '@plotwatch/grafana';
import { selector, tenantScope } from '@plotwatch/platform';

/** API: Requests, Logs and Shared. */
export const acmeApiDashboard = defineTenantDashboard(
  { slug: 'acme-api', persona: 'ops', source: import.meta.url },
  (ctx) => {
    const scope = tenantScope(ctx.tenant.id);
    const httpRequestsInFlight = selector('http_requests_in_flight', scope);
    return {
      title: 'API',
      description: '',
      panels: [
        timeseriesPanel({
          title: 'Requests',
          description: '',
          unit: units.requestsPerSecond,
          queries: [
            query(\`sum(rate(\${selector('http_requests_total', scope)}[5m]))\`, 'constant'),
            query(\`sum(\${httpRequestsInFlight})\`, 'variable'),
            query(\`sum(\${httpRequestsInFlight})\`, 'braces'),
            query(\`sum(\${httpRequestsInFlight})\`, 'regex'),
            query(\`sum by (kind) (rate(acme_jobs_total{tenant="\${ctx.tenant.id}", kind!="test"}[5m]))\`, '{{kind}}'),
          ],
        }),
        rawPanel({
          title: 'Logs',
          reason: 'the logs plugin has no preset',
          json: {
            type: 'logs',
            title: 'Logs',
            gridPos: { x: 12, y: 0, w: 12, h: 8 },
            targets: [{ refId: 'A', datasource: { type: 'loki', uid: 'loki' }, expr: '{tenant="acme"}' }],
          },
        }),
        rawPanel({
          title: 'Shared',
          reason: 'a library panel ("Shared panel"): its model lives in Grafana, not in the dashboard',
          json: {
            type: '',
            title: 'Shared',
            gridPos: { x: 0, y: 8, w: 12, h: 8 },
            libraryPanel: { uid: 'lib1', name: 'Shared panel' },
          },
        }),
      ],
    };
  },
);
`);
    expect(plan.summary.missingMetrics.map((m) => m.entry)).toEqual([
      `metric({
  name: 'acme_jobs_total',
  type: 'counter',
  unit: 'none',
  help: 'TODO: what it counts (imported; type guessed from the name and the functions applied).',
  labels: [{ name: 'kind', maxValues: 100 }], // maxValues: a guess; say the real bound
}),`,
    ]);
    expect(formatSummary(plan.summary)).toContain(
      `1 query not filtered to the tenant (they show every tenant's data):\n  panel "Logs": a loki query, kept as written: filter it to the tenant by hand`,
    );
  });

  it('on the platform, tenant matchers stay as written (selector() takes none) and catalog metrics use PLATFORM_SCOPE', async () => {
    const platform: DashboardJson = {
      title: 'Fleet',
      panels: [
        {
          type: 'stat',
          title: 'Up',
          targets: [
            requests('A', 'count(up{job="api"} == 1)', 'up'),
            requests('B', 'sum(http_requests_in_flight{tenant=~"$tenant"})', 'in flight'),
          ],
        },
      ],
    };
    const plan = planDashboard(readDashboard(platform, 'fleet.json'), {
      persona: 'ops',
      slug: 'fleet',
      scope: 'platform',
    });
    const source = await renderDefinition(plan);
    expect(source).toContain("import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';");
    expect(source).toContain('export const fleetDashboard = definePlatformDashboard(');
    expect(source).toContain('() => ({');
    expect(source).toContain(
      "query(`count(${selector('up', PLATFORM_SCOPE, { job: 'api' })} == 1)`, 'up', { instant: false })",
    );
    expect(source).toContain(
      `query('sum(http_requests_in_flight{tenant=~"$tenant"})', 'in flight', { instant: false })`,
    );
  });
});

describe('another tenant label', () => {
  it('keeps selectors literal with the tenant on that label, and says what still names the old variable', async () => {
    const d: DashboardJson = {
      title: 'Orders',
      panels: [
        {
          type: 'stat',
          title: 'Orders of $org',
          targets: [requests('A', 'sum(http_requests_in_flight{customer=~"$org"})', '{{customer}}')],
        },
      ],
      templating: { list: [{ type: 'query', name: 'org', query: 'label_values(up, customer)' }] },
    };
    const plan = planDashboard(readDashboard(d, 'orders.json'), {
      persona: 'product',
      slug: 'orders',
      scope: 'tenant',
      tenantLabel: 'customer',
    });
    const source = await renderDefinition(plan);
    expect(source).toContain(
      'query(`sum(http_requests_in_flight{customer="${ctx.tenant.id}"})`, \'{{customer}}\', { instant: false })',
    );
    expect(source).not.toContain('queryVariable');
    expect(plan.summary.variables).toEqual([{ name: 'org', as: "the kit's fixed tenant variable" }]);
    expect(plan.summary.notKept).toContain(
      "variable org: the kit's fixed tenant variable is named tenant; $org outside the tenant matchers (titles, legends, links) no longer resolves: say $tenant",
    );
  });
});

describe('addToRegistry', () => {
  const index = readFileSync(join(REPO_ROOT, 'dashboards/index.ts'), 'utf8');

  it('imports a tenant dashboard in path order and lists it last in the tenant block', () => {
    const next = addToRegistry(index, {
      persona: 'ops',
      slug: 'story-health',
      exportName: 'storyHealthDashboard',
      scope: 'tenant',
    });
    const lines = next.split('\n');
    const at = lines.indexOf("import { storyHealthDashboard } from './ops/story-health.ts';");
    expect(lines[at - 1]).toBe("import { storyApiDashboard } from './ops/story-api.ts';");
    expect(lines[at + 1]).toBe("import { engagementDashboard } from './product/engagement.ts';");
    const entry = lines.indexOf('  storyHealthDashboard,');
    expect(lines[entry + 1]).toBe('  // Platform scope');
    expect(
      addToRegistry(next, {
        persona: 'ops',
        slug: 'story-health',
        exportName: 'storyHealthDashboard',
        scope: 'tenant',
      }),
    ).toBe(next);
  });

  it('lists a platform dashboard last in the platform block', () => {
    const lines = addToRegistry(index, {
      persona: 'ml',
      slug: 'gpus',
      exportName: 'gpusDashboard',
      scope: 'platform',
    }).split('\n');
    expect(lines[lines.indexOf('  gpusDashboard,') + 1]).toBe('];');
    expect(lines).toContain("import { gpusDashboard } from './ml/gpus.ts';");
  });
});

describe('importDashboard', () => {
  it('plans, renders and registers what was read, in one call', async () => {
    const { importDashboard } = await import('./index.ts');
    const index = readFileSync(join(REPO_ROOT, 'dashboards/index.ts'), 'utf8');
    const result = await importDashboard(
      readDashboard(JSON.stringify(acme), 'api.json'),
      { persona: 'ops', slug: 'acme-api', scope: 'tenant' },
      index,
    );
    expect(result.path).toBe('dashboards/ops/acme-api.ts');
    expect(result.source).toContain('export const acmeApiDashboard = defineTenantDashboard(');
    expect(result.registry).toContain("import { acmeApiDashboard } from './ops/acme-api.ts';");
    expect(result.summary).toContain('1 panel converted to presets');
  });
});

describe('plugin options of another Grafana version', () => {
  const drifted: DashboardJson = {
    title: 'Drift',
    panels: [
      {
        type: 'timeseries',
        title: 'Requests',
        gridPos: { x: 0, y: 0, w: 12, h: 8 },
        options: { tooltip: { mode: 'multi', sort: 'none', show: true }, legend: { showLegend: false } },
        fieldConfig: { defaults: { custom: { lineWidth: 2, showValues: false } } },
        targets: [requests('A', 'sum(rate(http_requests_total[5m]))', '')],
      },
      {
        type: 'heatmap',
        title: 'Latency',
        gridPos: { x: 12, y: 0, w: 12, h: 8 },
        options: { yAxis: { min: '0', axisPlacement: 'right' } },
        targets: [requests('A', 'sum by (le) (rate(http_request_duration_seconds_bucket[5m]))', '{{le}}')],
      },
      {
        type: 'timeseries',
        title: 'Log volume',
        gridPos: { x: 0, y: 8, w: 24, h: 6 },
        datasource: { type: 'loki', uid: 'loki' },
        options: { tooltip: { mode: 'multi', sort: 'desc' } },
        targets: [{ refId: 'A', expr: 'sum(count_over_time({job="api"}[1m]))' }],
      },
    ],
  };

  it('leaves out of raw the keys the schema refuses, names each in notKept, and keeps the rest', async () => {
    const read = readDashboard(drifted, 'drift.json');
    const plan = planDashboard(read, { persona: 'ops', slug: 'drift', scope: 'platform' });
    const notKept = plan.summary.notKept.filter((n) => n.includes('the Grafana version the build targets'));
    expect(notKept).toEqual([
      'panel "Requests": options.tooltip.show (not an option of timeseries in the Grafana version the build targets: must NOT have additional properties)',
      'panel "Requests": fieldConfig.defaults.custom.showValues (not an option of timeseries in the Grafana version the build targets: must NOT have additional properties)',
      'panel "Latency": options.yAxis.min (not a value heatmap takes there in the Grafana version the build targets: must be number)',
    ]);
    expect(formatSummary(plan.summary)).toContain('options.tooltip.show (not an option of timeseries');
    const source = await renderDefinition(plan);
    // What the schema takes stays: the tooltip's sort, the legend, the line width, the axis placement.
    expect(source).toContain("tooltip: { sort: 'none' }");
    expect(source).toContain('showLegend: false');
    expect(source).toContain('lineWidth: 2');
    expect(source).toContain("axisPlacement: 'right'");
    expect(source).not.toContain('showValues');
    expect(source).not.toContain('show: true');
    expect(source).not.toContain("min: '0'");
    // The original is read, never changed.
    expect(read.dashboard.panels![0]!.options).toEqual({
      tooltip: { mode: 'multi', sort: 'none', show: true },
      legend: { showLegend: false },
    });
    // A raw panel of a checked plugin gets the options its schema requires as Grafana fills them.
    expect(source).toMatch(/legend: \{ showLegend: true, displayMode: 'list', placement: 'bottom', calcs: \[\] \}/);
  });
});

describe('scopeOf', () => {
  const panel = (expr: string, legendFormat = '') => ({
    type: 'timeseries',
    title: 'P',
    gridPos: { x: 0, y: 0, w: 12, h: 8 },
    targets: [{ expr, legendFormat }],
  });
  const scope = (dashboard: object, label?: string) => scopeOf(readDashboard(dashboard, 'd.json'), label);

  it('is tenant when a query or a query variable matches on the tenant label, as a constant, variable or regex', () => {
    expect(scope({ title: 'D', panels: [panel('rate(x{tenant="acme"}[5m])')] })).toBe('tenant');
    expect(scope({ title: 'D', panels: [panel('sum(rate(x{job="a",tenant=~"$tenant"}[5m]))')] })).toBe('tenant');
    const variable = { type: 'query', name: 'route', query: 'label_values(x{tenant="$tenant"}, route)' };
    expect(scope({ title: 'D', panels: [panel('up')], templating: { list: [variable] } })).toBe('tenant');
    expect(scope({ title: 'D', panels: [panel('rate(x{org="acme"}[5m])')] }, 'org')).toBe('tenant');
  });

  it('is platform when the tenant label is only grouped by or named in a legend', () => {
    expect(scope({ title: 'D', panels: [panel('sum by (tenant) (rate(x[5m]))', '{{tenant}}')] })).toBe('platform');
  });
});
