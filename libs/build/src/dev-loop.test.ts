import { describe, expect, it } from 'vitest';
import {
  describeTrigger,
  filtersByComparison,
  isBuildSummary,
  noDataLine,
  panelQueries,
  readBuildReport,
  startsBuild,
  summaryLine,
} from './dev-loop.ts';

describe('startsBuild', () => {
  it.each([
    ['ml/cost.ts', true],
    ['platform/tenants/aurora-books.yaml', true],
    ['grafana/src/panels.ts', true],
    ['ml/.cost.ts.swp', false],
    ['ml/cost.ts~', false],
    ['ml/.#cost.ts', false],
    ['ml/#cost.ts#', false],
    ['ml/4913', false],
    ['ml/cost.ts___jb_tmp___', false],
    ['grafana/node_modules/x/index.js', false],
    ['build/.plotwatch/cache/index.json', false],
    ['out/manifest.json', false],
    ['grafana/src/panels.test.ts', false],
  ])('%s: %s', (path, expected) => expect(startsBuild(path)).toBe(expected));
});

describe('describeTrigger', () => {
  it('names the first build, one file, or the first of several', () => {
    expect(describeTrigger([])).toBe('first build');
    expect(describeTrigger(['dashboards/ml/cost.ts', 'dashboards/ml/cost.ts'])).toBe('dashboards/ml/cost.ts changed');
    expect(describeTrigger(['b.ts', 'a.ts', 'c.ts'])).toBe('a.ts and 2 more changed');
  });
});

describe("a build's output", () => {
  const ok =
    'plotwatch build: 1 alertmanager-config, 51 grafana-dashboard for 5 tenants -> /x/out (9 of 52 units rebuilt) in 2.31s';
  const failed = 'plotwatch build: 3 problems; nothing written, /x/out left as it was';
  const upToDate =
    'plotwatch build: /x/out is up to date (its sources, tenants and options are those it was built from) in 0.04s';
  it('its closing line is told apart from findings', () => {
    expect([ok, failed, upToDate].every(isBuildSummary)).toBe(true);
    expect(isBuildSummary('dashboards/ml/cost.ts:12: unknown metric "x" [promql/metric]')).toBe(false);
  });
  it('gives the units rebuilt, or the problems', () => {
    expect(readBuildReport(['finding', ok])).toEqual({ units: { rebuilt: 9, total: 52 } });
    expect(readBuildReport(['finding', failed])).toEqual({ problems: 3 });
    expect(readBuildReport([upToDate])).toEqual({ upToDate: true });
    expect(
      summaryLine('dashboards/ml/cost.ts changed', {
        ok: true,
        report: { upToDate: true },
        filesChanged: 0,
        seconds: 0.6,
      }),
    ).toBe('plotwatch dev: dashboards/ml/cost.ts changed -> out/ up to date, in 0.60s; watching');
  });
});

describe('summaryLine', () => {
  const trigger = 'dashboards/ml/cost.ts changed';
  it('after a build', () => {
    const report = { units: { rebuilt: 9, total: 52 } };
    expect(summaryLine(trigger, { ok: true, report, filesChanged: 18, seconds: 2.314 })).toBe(
      'plotwatch dev: dashboards/ml/cost.ts changed -> 9 of 52 units rebuilt, 18 files changed, in 2.31s; watching',
    );
    expect(
      summaryLine(
        trigger,
        { ok: true, report, filesChanged: 1, seconds: 1, publish: '2 published', noData: 1 },
        'done',
      ),
    ).toBe(
      'plotwatch dev: dashboards/ml/cost.ts changed -> 9 of 52 units rebuilt, 1 file changed, 2 published, 1 panel without data, in 1.00s; done',
    );
  });
  it('after a failed build', () => {
    expect(summaryLine(trigger, { ok: false, report: { problems: 1 }, seconds: 2, exitCode: 1 })).toBe(
      'plotwatch dev: dashboards/ml/cost.ts changed -> 1 problem, out/ left as it was, in 2.00s; watching',
    );
    expect(summaryLine(trigger, { ok: false, report: {}, seconds: 2, exitCode: 137 })).toContain(
      '-> the build failed (exit 137), out/ left as it was',
    );
  });
});

describe('panelQueries', () => {
  it('reads both schemas and replaces template variables as the checks do', () => {
    const v1 = {
      path: 'grafana/dashboards/tenants/a/ml/a-ml-cost.json',
      kind: 'grafana-dashboard' as const,
      source: 'dashboards/ml/cost.ts',
      content: JSON.stringify({
        uid: 'a-ml-cost',
        panels: [
          { title: 'Spend', targets: [{ expr: 'sum(rate(cost_total[$__rate_interval]))' }] },
          { title: 'Row', panels: [{ title: 'Inner', targets: [{ expr: 'up' }, {}] }] },
        ],
      }),
    };
    const queries = panelQueries([v1]);
    expect(queries).toEqual([
      { uid: 'a-ml-cost', panel: 'Spend', expr: 'sum(rate(cost_total[5m]))' },
      { uid: 'a-ml-cost', panel: 'Inner', expr: 'up' },
    ]);
    expect(noDataLine(queries[0]!)).toBe('a-ml-cost, panel "Spend": no data for sum(rate(cost_total[5m]))');
  });
});

describe('filtersByComparison', () => {
  it.each([
    ['up == 0', true],
    ['sum(rate(x[5m])) > 0.1', true],
    ['x > bool 1', false],
    ['sum(rate(x[5m])) / 2', false],
  ])('%s: %s', (expr, expected) => expect(filtersByComparison(expr)).toBe(expected));
});
