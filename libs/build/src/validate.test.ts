import { query, row, tenantDashboard, timeseriesPanel, type DashboardDefinition } from '@plotwatch/grafana';
import { describe, expect, it, vi } from 'vitest';
import { environment } from '@plotwatch/platform';
import { compile } from './compile.ts';
import { compileInput, repoTenants } from './test-support.ts';
import { validateArtifacts } from './validate.ts';

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
  const ids = () => repoTenants().map((t) => t.id);
  /** How a finding of these tenants ends its first line: derived, as the build derives it. */
  const inTenants = (tenants: readonly string[]) =>
    tenants.length === ids().length
      ? `(in all ${tenants.length} tenants)`
      : `(in ${tenants.length} tenants: ${tenants.slice(0, 5).join(', ')}${tenants.length > 5 ? ', …' : ''})`;

  it('a planted unknown metric: once for all tenants, naming definition, dashboard and panel, with a suggestion', () => {
    const errors = buildWith(planted('typo', (t) => `sum(rate(http_request_total{tenant="${t}"}[$__rate_interval]))`));
    const first = [...ids()].sort()[0]!;
    expect(errors).toEqual([
      `dashboards/ops/typo.ts (dashboard ${first}-ops-typo, panel "Planted panel"): ` +
        'metric http_request_total is not in the catalog (libs/platform/src/catalog.ts) (did you mean http_requests_total?) ' +
        `${inTenants(ids())} [promql/unknown-metric]\n` +
        `    sum(rate(http_request_total{tenant="${first}"}[$__rate_interval]))\n` +
        '             ^^^^^^^^^^^^^^^^^^',
    ]);
  });

  it.each(['v2', 'both'] as const)(
    'reads the dashboards it checks in the schema written (--schema %s): the same finding, once',
    (schema) => {
      const errors = buildWith(
        planted('typo', (t) => `sum(rate(http_request_total{tenant="${t}"}[$__rate_interval]))`),
        compileInput(repoTenants(), 'dev', schema),
      );
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^dashboards\/ops\/typo.ts \(dashboard .*: metric http_request_total is not in the catalog/,
      );
      expect(errors[0]).toContain(`${inTenants(ids())} [promql/unknown-metric]`);
    },
  );

  it('a planted missing tenant matcher: once, for the label-mode tenants and not for the mimir one', () => {
    const errors = buildWith(planted('leak', () => 'sum(rate(http_requests_total[$__rate_interval]))'));
    const label = repoTenants()
      .filter((t) => t.tenancy === 'label')
      .map((t) => t.id)
      .sort();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^dashboards/ops/leak.ts \\(dashboard ${label[0]}-ops-leak, panel "Planted panel"\\): http_requests_total has no tenant matcher`,
      ),
    );
    expect(errors[0]).toContain(`${inTenants(label)} [promql/tenant-isolation]`);
  });

  it('accepts the repo as it is', () => {
    expect(
      buildWith(planted('fine', (t) => `sum(rate(http_requests_total{tenant="${t}"}[$__rate_interval]))`)),
    ).toEqual([]);
  });
});

describe('validateArtifacts, called again in one process (plotwatch dev checks so)', () => {
  // A rule file's findings are kept by its text: they must follow what else they depend on.
  const env = environment('prod');
  const text = [
    'groups:',
    '  - name: planted',
    '    rules:',
    '      - record: planted:story_rate5m',
    '        expr: sum by (tenant) (rate(story_api_requests_total[5m]))',
    '      - alert: PlantedHigh',
    '        expr: planted:story_ratio5m > 1',
    '        for: 5m',
    '',
  ].join('\n');
  const at = (path: string) => ({
    path,
    kind: 'prometheus-rules' as const,
    source: 'recording-rules/planted.ts',
    content: text,
  });
  const unproduced = (findings: readonly string[]) =>
    findings.filter((f) => f.includes('[promql/unproduced-recording]'));

  it('follows the recorded series and names the file it is given, whatever it said of the same text before', () => {
    const recorded = new Set(['planted:story_rate5m']);
    const first = validateArtifacts([at('prometheus/rules/a.yaml')], [], env, { recorded });
    expect(unproduced(first.findings)).toHaveLength(1);
    expect(first.expressions).toBe(2);
    // The series now recorded: that finding is gone.
    const withIt = validateArtifacts([at('prometheus/rules/a.yaml')], [], env, {
      recorded: new Set([...recorded, 'planted:story_ratio5m']),
    });
    expect(unproduced(withIt.findings)).toEqual([]);
    // The same text at another path: its findings name that path.
    const elsewhere = validateArtifacts([at('prometheus/rules/b.yaml')], [], env, { recorded });
    expect(unproduced(elsewhere.findings)).toEqual([expect.stringContaining('prometheus/rules/b.yaml')]);
    expect(validateArtifacts([at('prometheus/rules/a.yaml')], [], env, { recorded })).toEqual(first);
  });
});
