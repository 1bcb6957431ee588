import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { describe, expect, it } from 'vitest';
import { layoutRows, row, type Row } from './layout.ts';
import { statPanel, timeseriesPanel } from './panels.ts';
import { query } from './queries.ts';
import { units } from './units.ts';

const panel = (title: string, width?: number) =>
  timeseriesPanel({
    title,
    description: 'd',
    unit: units.count,
    queries: [query('up', 'x')],
    ...(width ? { width } : {}),
  });

function laidOut(rows: readonly Row[]) {
  const builder = new DashboardBuilder('t');
  layoutRows(builder, rows);
  return (builder.build().panels ?? []).map((p) => ({ id: p.id, type: p.type, title: p.title, ...p.gridPos }));
}

describe('layoutRows', () => {
  it('numbers rows and panels in reading order and flows panels left to right, wrapping at 24 columns', () => {
    expect(
      laidOut([
        row('First', [panel('a'), panel('b'), panel('c', 24)]),
        row('Second', [
          statPanel({ title: 'd', description: 'd', unit: units.count, queries: [query('up', 'x')] }),
          panel('e', 18),
        ]),
      ]),
    ).toEqual([
      { id: 1, type: 'row', title: 'First', x: 0, y: 0, w: 24, h: 1 },
      { id: 2, type: 'timeseries', title: 'a', x: 0, y: 1, w: 12, h: 8 },
      { id: 3, type: 'timeseries', title: 'b', x: 12, y: 1, w: 12, h: 8 },
      { id: 4, type: 'timeseries', title: 'c', x: 0, y: 9, w: 24, h: 8 },
      { id: 5, type: 'row', title: 'Second', x: 0, y: 17, w: 24, h: 1 },
      { id: 6, type: 'stat', title: 'd', x: 0, y: 18, w: 6, h: 4 },
      { id: 7, type: 'timeseries', title: 'e', x: 6, y: 18, w: 18, h: 8 },
    ]);
  });

  it.each([
    [
      'two panels with one title (alerts link by title)',
      [row('r', [panel('same'), panel('same')])],
      /two panels are titled "same"/,
    ],
    [
      'a panel wider than the grid',
      [row('r', [panel('wide', 30)])],
      /panel "wide" is 30 columns wide; the grid has 24/,
    ],
  ])('refuses %s', (_case, rows, message) => {
    expect(() => laidOut(rows)).toThrow(message);
  });
});
