import { describe, expect, it } from 'vitest';
import { tenantDashboard } from './dashboard.ts';
import { row, type KitPanel } from './layout.ts';
import {
  barGaugePanel,
  gaugePanel,
  heatmapPanel,
  statPanel,
  stateTimelinePanel,
  tablePanel,
  timeseriesPanel,
} from './panels.ts';
import { query } from './queries.ts';
import { sampleContext } from './test-support.ts';
import { units } from './units.ts';
import { CHECKED_PANEL_TYPES, dashboardSchemaErrors } from './validate.ts';

const base = { description: 'd', unit: units.count, queries: [query('up', '{{job}}')] } as const;
const presets: Array<[string, KitPanel]> = [
  [
    'timeseries',
    timeseriesPanel({ ...base, title: 'Timeseries', limit: { value: 0.5, label: 'l', bad: 'above' }, stacked: true }),
  ],
  ['stat', statPanel({ ...base, title: 'Stat' })],
  ['gauge', gaugePanel({ ...base, title: 'Gauge', min: 0, max: 1 })],
  ['bargauge', barGaugePanel({ ...base, title: 'Bar gauge' })],
  ['table', tablePanel({ ...base, title: 'Table' })],
  [
    'heatmap',
    heatmapPanel({
      ...base,
      title: 'Heatmap',
      queries: [query('sum by (le) (rate(x_bucket[$__rate_interval]))', '{{le}}', { exemplars: true })],
    }),
  ],
  [
    'state-timeline',
    stateTimelinePanel({ ...base, title: 'State timeline', states: [{ value: 0, text: 'down', color: 'red' }] }),
  ],
];

type DashboardJson = Record<string, unknown> & { panels: Array<Record<string, unknown>> };

function sampleDashboard(): DashboardJson {
  const builder = tenantDashboard(sampleContext(), {
    slug: 'sample',
    title: 'Sample',
    description: 'd',
    rows: [
      row(
        'All presets',
        presets.map(([, p]) => p),
      ),
    ],
  });
  return JSON.parse(JSON.stringify(builder.build())) as DashboardJson;
}

/** The first panel of a type in the sample. */
function panelOf(dashboard: DashboardJson, type: string): Record<string, unknown> {
  return dashboard.panels.find((p) => p.type === type)!;
}

describe('dashboardSchemaErrors', () => {
  it('accepts every preset of the kit, rows included', () => {
    const dashboard = sampleDashboard();
    expect(dashboard.panels.map((p) => p.type)).toEqual(['row', ...presets.map(([type]) => type)]);
    expect(dashboardSchemaErrors(dashboard)).toEqual([]);
  });

  it("checks a panel of a plugin it has no schema for (a raw panel) as far as the dashboard's schema goes", () => {
    const dashboard = sampleDashboard();
    dashboard.panels[1]!.type = 'grafana-clock-panel';
    dashboard.panels[1]!.options = { anything: 'goes' };
    (dashboard.panels[1]!.targets as Array<Record<string, unknown>>)[0]!.datasource = { type: 'loki', uid: 'logs' };
    (dashboard.panels[1]!.targets as Array<Record<string, unknown>>)[0]!.expr = { not: 'promql' };
    expect(dashboardSchemaErrors(dashboard)).toEqual([]);
  });

  it('accepts override values and matcher options as Grafana saves them (plain values), an override without id not', () => {
    const dashboard = sampleDashboard();
    const panel = dashboard.panels[1]! as { fieldConfig: { overrides: unknown[] } };
    panel.fieldConfig.overrides = [
      { matcher: { id: 'byName', options: 'CPU' }, properties: [{ id: 'unit', value: 'bytes' }] },
      { matcher: { id: 'byRegexp', options: '/err.*/' }, properties: [{ id: 'decimals', value: 2 }] },
    ];
    expect(dashboardSchemaErrors(dashboard)).toEqual([]);
    panel.fieldConfig.overrides.push({ matcher: { options: 'x' }, properties: [] });
    expect(dashboardSchemaErrors(dashboard).join('\n')).toMatch(/must have required property 'id'/);
  });

  it('has a schema for every preset', () => {
    expect([...CHECKED_PANEL_TYPES].sort()).toEqual(presets.map(([type]) => type).sort());
  });

  it.each([
    [
      'a dashboard field Grafana does not know',
      (d: DashboardJson) => {
        d.refersh = '30s';
      },
      /must NOT have additional properties \(refersh\)/,
    ],
    [
      'a grid position that is not a number',
      (d: DashboardJson) => {
        d.panels[1]!.gridPos = { x: '0', y: 0, w: 12, h: 8 };
      },
      /gridPos\/x must be integer/,
    ],
    [
      'an unknown timeseries option',
      (d: DashboardJson) => {
        (panelOf(d, 'timeseries').options as Record<string, unknown>).legendd = {};
      },
      /panel 2 "Timeseries" options\/ must NOT have additional properties \(legendd\)/,
    ],
    [
      'a query field of the wrong type',
      (d: DashboardJson) => {
        (panelOf(d, 'stat').targets as Array<Record<string, unknown>>)[0]!.expr = 42;
      },
      /panel 3 "Stat" targets\[0\]\/expr must be string/,
    ],
    [
      'a field a panel of any plugin cannot have',
      (d: DashboardJson) => {
        d.panels[1]!.type = 'worldmap';
        d.panels[1]!.colors = ['red'];
      },
      /must NOT have additional properties \(colors\)/,
    ],
    [
      'a Prometheus query of a panel of a plugin without a schema',
      (d: DashboardJson) => {
        d.panels[1]!.type = 'piechart';
        (d.panels[1]!.targets as Array<Record<string, unknown>>)[0]!.expr = 42;
      },
      /panel 2 "Timeseries" targets\[0\]\/expr must be string/,
    ],
    [
      'a stat option of the wrong value',
      (d: DashboardJson) => {
        (panelOf(d, 'stat').options as Record<string, unknown>).graphMode = 'sparkles';
      },
      /panel 3 "Stat" options\/graphMode must be equal to one of the allowed values/,
    ],
    [
      'a custom field config on a gauge, which has none',
      (d: DashboardJson) => {
        (panelOf(d, 'gauge').fieldConfig as { defaults: Record<string, unknown> }).defaults.custom = { lineWidth: 1 };
      },
      /panel 4 "Gauge" fieldConfig.defaults.custom\/ must NOT have additional properties \(lineWidth\)/,
    ],
    [
      'a bar gauge without its display mode',
      (d: DashboardJson) => {
        delete (panelOf(d, 'bargauge').options as Record<string, unknown>).displayMode;
      },
      /panel 5 "Bar gauge" options\/ must have required property 'displayMode'/,
    ],
    [
      'an unknown table option',
      (d: DashboardJson) => {
        (panelOf(d, 'table').options as Record<string, unknown>).pagesize = 5;
      },
      /panel 6 "Table" options\/ must NOT have additional properties \(pagesize\)/,
    ],
    [
      'a heatmap colour mode that does not exist',
      (d: DashboardJson) => {
        (panelOf(d, 'heatmap').options as Record<string, Record<string, unknown>>).color!.mode = 'rainbow';
      },
      /panel 7 "Heatmap" options\/color\/mode must be equal to one of the allowed values/,
    ],
    [
      'a state-timeline row height given as text',
      (d: DashboardJson) => {
        (panelOf(d, 'state-timeline').options as Record<string, unknown>).rowHeight = 'tall';
      },
      /panel 8 "State timeline" options\/rowHeight must be number/,
    ],
  ])('rejects %s, naming where', (_case, mutate, message) => {
    const dashboard = sampleDashboard();
    mutate(dashboard);
    expect(dashboardSchemaErrors(dashboard).join('\n')).toMatch(message);
  });
});
