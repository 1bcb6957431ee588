import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { describe, expect, it } from 'vitest';
import { layoutRows, row, type GridPoint, type KitPanel, type Row } from './layout.ts';
import { statPanel, timeseriesPanel } from './panels.ts';
import { query } from './queries.ts';
import { units } from './units.ts';

const panel = (title: string, width?: number, position?: GridPoint) =>
  timeseriesPanel({
    title,
    description: 'd',
    unit: units.count,
    queries: [query('up', 'x')],
    ...(width ? { width } : {}),
    ...(position ? { position } : {}),
  });

type Placed = { id?: number; type: string; title?: string; gridPos?: object; panels?: Placed[]; collapsed?: boolean };

function built(rows: readonly Row[], panels: readonly KitPanel[] = []): Placed[] {
  const builder = new DashboardBuilder('t');
  layoutRows(builder, rows, panels);
  return JSON.parse(JSON.stringify(builder.build().panels ?? [])) as Placed[];
}

const placed = (p: Placed) => ({ id: p.id, type: p.type, title: p.title, ...p.gridPos });

function laidOut(rows: readonly Row[], panels: readonly KitPanel[] = []) {
  return built(rows, panels).map(placed);
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

  it('places panels where their position says, even one at (0, 0) listed after others; those after flow on from there', () => {
    expect(laidOut([], [panel('b', 12, { x: 12, y: 0 }), panel('a', 12, { x: 0, y: 0 }), panel('c', 6)])).toEqual([
      { id: 1, type: 'timeseries', title: 'b', x: 12, y: 0, w: 12, h: 8 },
      { id: 2, type: 'timeseries', title: 'a', x: 0, y: 0, w: 12, h: 8 },
      { id: 3, type: 'timeseries', title: 'c', x: 12, y: 0, w: 6, h: 8 },
    ]);
  });

  it('puts panels outside any row first, and a row with a y where it says, its panels at their positions', () => {
    expect(
      laidOut([row('Later', [panel('b', 24, { x: 0, y: 31 })], { y: 30 })], [panel('a', 24, { x: 0, y: 0 })]),
    ).toEqual([
      { id: 1, type: 'timeseries', title: 'a', x: 0, y: 0, w: 24, h: 8 },
      { id: 2, type: 'row', title: 'Later', x: 0, y: 30, w: 24, h: 1 },
      { id: 3, type: 'timeseries', title: 'b', x: 0, y: 31, w: 24, h: 8 },
    ]);
  });

  it("nests a collapsed row's panels in it, as Grafana does, and puts the next row right below its header", () => {
    const panels = built([row('Folded', [panel('a'), panel('b')], { collapsed: true }), row('Open', [panel('c')])]);
    expect(panels.map((p) => [p.type, p.title, p.collapsed])).toEqual([
      ['row', 'Folded', true],
      ['row', 'Open', false],
      ['timeseries', 'c', undefined],
    ]);
    expect(panels[0]!.panels!.map(placed)).toEqual([
      { id: 2, type: 'timeseries', title: 'a', x: 0, y: 1, w: 12, h: 8 },
      { id: 3, type: 'timeseries', title: 'b', x: 12, y: 1, w: 12, h: 8 },
    ]);
    expect(panels.slice(1).map(placed)).toEqual([
      { id: 4, type: 'row', title: 'Open', x: 0, y: 1, w: 24, h: 1 },
      { id: 5, type: 'timeseries', title: 'c', x: 0, y: 2, w: 12, h: 8 },
    ]);
    expect(panels[1]!.panels).toEqual([]);
  });

  it('repeats a row for a variable, given by name or as panels take it', () => {
    expect(row('Per service', [], { repeat: 'service' })).toEqual({
      title: 'Per service',
      panels: [],
      repeat: 'service',
    });
    expect(row('Per service', [], { repeat: { variable: 'service' } }).repeat).toBe('service');
    expect(built([row('Per service', [], { repeat: 'service' })])[0]).toMatchObject({ type: 'row', repeat: 'service' });
  });

  it('allows any number of untitled panels (text, spacers) and repeated titles (the build refuses an alert link to one)', () => {
    expect(laidOut([row('r', [panel(''), panel('')])]).map((p) => p.title)).toEqual(['r', '', '']);
    expect(laidOut([row('r', [panel('same'), panel('same')])]).map((p) => p.title)).toEqual(['r', 'same', 'same']);
  });

  it.each([
    [
      'a panel wider than the grid',
      [row('r', [panel('wide', 30)])],
      /panel "wide" is 30 columns wide; the grid has 24/,
    ],
    [
      "a positioned panel past the grid's edge",
      [row('r', [panel('edge', 12, { x: 18, y: 1 })])],
      /panel "edge" at column 18 is 12 columns wide; the grid has 24/,
    ],
    [
      'a panel placed above its row (Grafana would move it to the row before)',
      [row('a', []), row('b', [panel('early', 12, { x: 0, y: 0 })], { y: 4 })],
      /panel "early" is at line 0, not below its row "b" \(line 4\)/,
    ],
    [
      "a panel placed at or below the next row's header",
      [row('a', [panel('late', 12, { x: 0, y: 9 })]), row('b', [], { y: 5 })],
      /panel "late" is at line 9, not above the next row "b" \(line 5\)/,
    ],
    [
      'a row placed above the one before',
      [row('a', [], { y: 8 }), row('b', [], { y: 2 })],
      /row "b" is at line 2, not below row "a"/,
    ],
  ])('refuses %s', (_case, rows, message) => {
    expect(() => laidOut(rows)).toThrow(message);
  });
});
