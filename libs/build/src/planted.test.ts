import { defineTenantDashboard, query, row, timeseriesPanel, type DashboardDefinition } from '@plotwatch/grafana';
import {
  callerPosition,
  positionOf,
  selector,
  tenantScope,
  tiers,
  type ThresholdId,
  type Thresholds,
} from '@plotwatch/platform';
import { tenantThresholdAlert, type AlertDefinition } from '@plotwatch/rules';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile } from './compile.ts';
import { compileInput, plantedDrift, repoTenants } from './test-support.ts';

// Mistakes a user makes in a definition, planted one at a time: each is one error, at the line
// that defines it, whatever the number of tenants, and never a stack trace.

const plantedAlerts: AlertDefinition[] = [];
const plantedDashboards: DashboardDefinition[] = [];
vi.mock('@plotwatch/alerts', async (original) => {
  const real = await original<typeof import('@plotwatch/alerts')>();
  const planted = { domain: 'planted', source: new URL('./', import.meta.url).href };
  return {
    ...real,
    get alertDomains() {
      return [...real.alertDomains, ...(plantedAlerts.length ? [{ ...planted, alerts: [...plantedAlerts] }] : [])];
    },
  };
});
vi.mock('@plotwatch/dashboards', async (original) => {
  const real = await original<typeof import('@plotwatch/dashboards')>();
  return {
    ...real,
    get dashboards() {
      return [...real.dashboards, ...plantedDashboards];
    },
  };
});

const HERE = 'libs/build/src/planted.test.ts';

const drift = plantedDrift;

const unknownThresholdLine = callerPosition()!.line + 1;
const unknownThreshold = tenantThresholdAlert({
  ...drift,
  name: 'PlantedUnknownThreshold',
  threshold: 'model_drift_scor' as ThresholdId,
});
const badForLine = callerPosition()!.line + 1;
const badFor = tenantThresholdAlert({ ...drift, name: 'PlantedBadFor', for: '30mins' });
const badLinkLine = callerPosition()!.line + 1;
const badLink = tenantThresholdAlert({
  ...drift,
  name: 'PlantedBadLink',
  dashboard: { persona: 'ml', slug: 'qualty' as 'quality', panel: 'Drift score by model' },
});

/** The line of the planted dashboards' query: what a throw while building it is reported at. */
let queryLine = 0;
const atQueryLine = <T>(value: T): T => {
  queryLine = callerPosition(1)!.line;
  return value;
};
// Both are defined on the line of defineTenantDashboard below.
const dashboardLine = callerPosition()!.line + 2;
const dashboardWith = (slug: string, expr: (tenantId: string) => string) =>
  defineTenantDashboard({ slug, persona: 'ops', source: import.meta.url }, (ctx) => ({
    title: slug,
    description: 'd',
    rows: [
      row('r', [
        timeseriesPanel({
          title: 'Planted panel',
          description: 'd',
          unit: 'short',
          queries: [query(expr(atQueryLine(ctx.tenant.id)), 'x')],
        }),
      ]),
    ],
  }));
const selectorTypo = dashboardWith(
  'selector-typo',
  (t) => `sum(rate(${selector('http_request_total', tenantScope(t))}[$__rate_interval]))`,
);
const writtenTypo = dashboardWith(
  'written-typo',
  (t) => `sum(rate(http_request_total{tenant="${t}"}[$__rate_interval]))`,
);

const twinPanel = (t: string) =>
  timeseriesPanel({
    title: 'Twin',
    description: 'd',
    unit: 'short',
    queries: [query(`max(${selector('model_drift_score', tenantScope(t))})`, 'x')],
  });
const twinTitles = defineTenantDashboard({ slug: 'twin-titles', persona: 'ops', source: import.meta.url }, (ctx) => ({
  title: 'Twin titles',
  description: 'd',
  rows: [row('r', [twinPanel(ctx.tenant.id), twinPanel(ctx.tenant.id)])],
}));
const twinLinkLine = callerPosition()!.line + 1;
const twinLink = tenantThresholdAlert({
  ...drift,
  name: 'PlantedTwinLink',
  dashboard: { persona: 'ops', slug: 'twin-titles' as 'quality', panel: 'Twin' },
});

function errorsWith({ alert, dashboard }: { alert?: AlertDefinition; dashboard?: DashboardDefinition }): string[] {
  plantedAlerts.splice(0, plantedAlerts.length, ...(alert ? [alert] : []));
  plantedDashboards.splice(0, plantedDashboards.length, ...(dashboard ? [dashboard] : []));
  const result = compile(compileInput());
  return result.ok ? [] : result.errors;
}

/** One error, no stack trace in it. */
function theOne(errors: readonly string[]): string {
  expect(errors, errors.join('\n---\n')).toHaveLength(1);
  expect(errors[0]).not.toMatch(/TypeError|\n\s+at /);
  return errors[0]!;
}

const tenantCount = () => repoTenants().length;

describe('planted mistakes: one error each, at file:line', () => {
  afterEach(() => {
    plantedAlerts.length = 0;
    plantedDashboards.length = 0;
  });

  it('an unknown threshold id in an alert, with the id meant', () => {
    expect(theOne(errorsWith({ alert: unknownThreshold }))).toBe(
      `${HERE}:${unknownThresholdLine}: alert PlantedUnknownThreshold: unknown threshold id "model_drift_scor" ` +
        '(did you mean model_drift_score?): the thresholds are defined in libs/platform/src/thresholds.ts',
    );
  });

  it('a bad duration in for', () => {
    expect(theOne(errorsWith({ alert: badFor }))).toBe(
      `${HERE}:${badForLine}: alert PlantedBadFor: for "30mins" is not a Prometheus duration (a number and a unit: 30s, 15m, 1h30m)`,
    );
  });

  it('an unknown dashboard link, with the slug meant', () => {
    expect(theOne(errorsWith({ alert: badLink }))).toMatch(
      new RegExp(
        `^${HERE}:${badLinkLine}: alert PlantedBadLink links to a panel that does not exist: ` +
          'there is no dashboard ml/qualty \\(did you mean quality\\?\\)',
      ),
    );
  });

  it('panels may share a title, but an alert cannot link to a title several panels share', () => {
    expect(errorsWith({ dashboard: twinTitles })).toEqual([]);
    expect(theOne(errorsWith({ alert: twinLink, dashboard: twinTitles }))).toBe(
      `${HERE}:${twinLinkLine}: alert PlantedTwinLink links to panel "Twin" of dashboard ops/twin-titles, and several panels there have that title: give the one it means a title of its own`,
    );
  });

  it('a missing tier default: said once, at the tier, and nothing that follows from it', () => {
    const thresholds = tiers.pro.thresholds as Partial<Record<keyof Thresholds, number>>;
    const kept = thresholds.model_drift_score;
    delete thresholds.model_drift_score;
    try {
      expect(theOne(errorsWith({}))).toBe(
        `libs/platform/src/tiers.ts:${positionOf(tiers.pro)!.line}: tier pro has no default for threshold model_drift_score: ` +
          'every tier sets every threshold of libs/platform/src/thresholds.ts',
      );
    } finally {
      thresholds.model_drift_score = kept;
    }
  });

  it("a tier default no tenant file could set: said at the tier, by the tenant files' rules", () => {
    const slo = tiers.pro.slo.storyGeneration as { availability: number };
    const thresholds = tiers.pro.thresholds as Record<keyof Thresholds, number>;
    const kept = [slo.availability, thresholds.story_api_p95_latency_seconds] as const;
    slo.availability = 1;
    thresholds.story_api_p95_latency_seconds = 0;
    try {
      const at = `libs/platform/src/tiers.ts:${positionOf(tiers.pro)!.line}: tier pro`;
      expect(errorsWith({})).toEqual([
        `${at} slo.storyGeneration.availability must be at least 0.9 and below 1 (1 leaves no error budget; below 0.9 the burn-rate pages cannot fire), got 1`,
        `${at} thresholds.story_api_p95_latency_seconds must be above 0 and at most 30: it is compared with a quantile of http_request_duration_seconds, which histogram_quantile reports only above 0 and up to its largest bucket (30), got 0`,
      ]);
    } finally {
      [slo.availability, thresholds.story_api_p95_latency_seconds] = kept;
    }
  });

  it('an unknown metric in a selector() of one dashboard: once for all tenants, at the line of its query, with the metric meant', () => {
    expect(theOne(errorsWith({ dashboard: selectorTypo }))).toBe(
      `${HERE}:${queryLine}: selector: metric 'http_request_total' is not in the catalog (libs/platform/src/catalog.ts) ` +
        `(did you mean http_requests_total?) (in all ${tenantCount()} tenants)`,
    );
  });

  it('an unknown metric written by hand in one dashboard: one finding, no tenant-isolation one', () => {
    const error = theOne(errorsWith({ dashboard: writtenTypo }));
    expect(error).toMatch(
      new RegExp(
        `^${HERE}:${dashboardLine} \\(dashboard [\\w-]+-ops-written-typo, panel "Planted panel"\\): ` +
          'metric http_request_total is not in the catalog .*\\(did you mean http_requests_total\\?\\) ' +
          `\\(in all ${tenantCount()} tenants\\) \\[promql/unknown-metric\\]\\n`,
      ),
    );
  });
});
