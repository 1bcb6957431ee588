import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { describe, expect, it } from 'vitest';
import { gridLayout, prometheusQuery, timeseriesPanel } from './panels.ts';
import { dashboardSchemaErrors } from './validate.ts';

function sampleDashboard() {
  const panels = gridLayout([
    timeseriesPanel({ id: 1, title: 'Rate', description: 'd', unit: 'reqps', queries: [prometheusQuery('up', 'x')], threshold: { value: 0.5, label: 'l' } }),
  ]);
  const builder = new DashboardBuilder('t').uid('u');
  for (const p of panels) builder.withPanel(p);
  return JSON.parse(JSON.stringify(builder.build())) as Record<string, unknown> & { panels: Array<Record<string, unknown>> };
}

describe('dashboardSchemaErrors', () => {
  it('accepts what the kit builds', () => {
    expect(dashboardSchemaErrors(sampleDashboard())).toEqual([]);
  });

  it.each([
    ['a dashboard field Grafana does not know', (d: ReturnType<typeof sampleDashboard>) => { d.refersh = '30s'; }, /must NOT have additional properties \(refersh\)/],
    ['a grid position that is not a number', (d: ReturnType<typeof sampleDashboard>) => { d.panels[0]!.gridPos = { x: '0', y: 0, w: 12, h: 8 }; }, /gridPos\/x must be integer/],
    ['an unknown timeseries option', (d: ReturnType<typeof sampleDashboard>) => { (d.panels[0]!.options as Record<string, unknown>).legendd = {}; }, /panel 1 "Rate" options\/ must NOT have additional properties \(legendd\)/],
    ['a query field of the wrong type', (d: ReturnType<typeof sampleDashboard>) => { (d.panels[0]!.targets as Array<Record<string, unknown>>)[0]!.expr = 42; }, /panel 1 "Rate" targets\[0\]\/expr must be string/],
    ['a panel type without a schema', (d: ReturnType<typeof sampleDashboard>) => { d.panels[0]!.type = 'worldmap'; }, /no schema for panel type "worldmap"/],
  ])('rejects %s, naming where', (_case, mutate, message) => {
    const dashboard = sampleDashboard();
    mutate(dashboard);
    expect(dashboardSchemaErrors(dashboard).join('\n')).toMatch(message);
  });
});
