import { describe, expect, it } from 'vitest';
import type { KitPanel } from './layout.ts';
import { heatmapPanel, statPanel, tablePanel, timeseriesPanel } from './panels.ts';
import { DATASOURCE_REF, query } from './queries.ts';
import { customUnit, units } from './units.ts';

type PanelJson = Record<string, unknown> & {
  fieldConfig: { defaults: Record<string, unknown>; overrides: unknown[] };
  options: Record<string, unknown>;
  targets: Array<Record<string, unknown>>;
};

const json = (panel: KitPanel) => JSON.parse(JSON.stringify(panel.builder.build())) as PanelJson;
const base = { title: 'p', description: 'd', unit: units.count, queries: [query('up', '{{job}}')] } as const;

describe('panel options', () => {
  it('repeat a panel per value of a variable, with its direction and width', () => {
    expect(
      json(timeseriesPanel({ ...base, repeat: { variable: 'service', direction: 'v', maxPerRow: 4 } })),
    ).toMatchObject({ repeat: 'service', repeatDirection: 'v', maxPerRow: 4 });
    const plain = json(timeseriesPanel(base));
    // Every SDK panel says `repeatDirection: 'h'`, Grafana's default; without a repeat it repeats nothing.
    expect(['repeat', 'maxPerRow'].filter((k) => k in plain)).toEqual([]);
  });

  it('give the panel header its links, apart from the data links', () => {
    const panel = json(
      statPanel({ ...base, links: [{ title: 'Runbook', url: 'https://runbooks/x', targetBlank: false }] }),
    );
    expect(panel.links).toEqual([
      expect.objectContaining({ title: 'Runbook', url: 'https://runbooks/x', type: 'link', targetBlank: false }),
    ]);
    expect(panel.fieldConfig.defaults.links).toBeUndefined();
  });

  it('merge raw fields last: objects key by key, arrays and values as given, nothing shared mutated', () => {
    const panel = json(
      tablePanel({
        ...base,
        raw: {
          options: { cellHeight: 'md', footer: { show: true } },
          fieldConfig: { overrides: [{ matcher: { id: 'byName', options: 'x' }, properties: [] }] },
          transformations: [{ id: 'merge', options: {} }],
          maxDataPoints: 100,
        },
      }),
    );
    expect(panel.options).toMatchObject({ showHeader: true, cellHeight: 'md', footer: { show: true } });
    expect(panel.fieldConfig.defaults.unit).toBe('short');
    expect(panel.fieldConfig.overrides).toEqual([{ matcher: { id: 'byName', options: 'x' }, properties: [] }]);
    expect(panel.transformations).toEqual([{ id: 'merge', options: {} }]);
    expect(panel.maxDataPoints).toBe(100);
    expect(DATASOURCE_REF).toEqual({ type: 'prometheus', uid: '${datasource}' });
  });

  it('take a custom unit, and no unit at all for a panel that had none', () => {
    expect(json(timeseriesPanel({ ...base, unit: customUnit('decbytes') })).fieldConfig.defaults.unit).toBe('decbytes');
    const { unit: _unit, ...withoutUnit } = base;
    expect('unit' in json(timeseriesPanel(withoutUnit)).fieldConfig.defaults).toBe(false);
    expect('unit' in (json(heatmapPanel(withoutUnit)).options.yAxis as object)).toBe(false);
  });

  it("accept an empty description, a limit's origin then the whole of it", () => {
    expect(json(statPanel({ ...base, description: '' })).description).toBe('');
    expect(
      json(statPanel({ ...base, description: '', limit: { value: 1, label: 'the limit', bad: 'above' } })),
    ).toMatchObject({
      description: 'Red above the limit: 1.',
    });
  });
});

describe('customUnit', () => {
  it('refuses a unit the kit names (one meaning, one spelling) and an empty one', () => {
    expect(() => customUnit('bytes')).toThrow('customUnit("bytes"): use units.bytes');
    expect(() => customUnit('')).toThrow(/omit `unit`/);
  });
});

describe('query options', () => {
  it("override the preset's query shape, which stays the default", () => {
    const targets = json(
      statPanel({
        ...base,
        queries: [
          query('a', 'a'),
          query('b', 'b', { instant: false, format: 'time_series', interval: '1m', hide: true }),
        ],
      }),
    ).targets;
    expect(targets[0]).toMatchObject({ instant: true, range: false });
    expect(targets[0]).not.toHaveProperty('interval');
    expect(targets[1]).toMatchObject({
      instant: false,
      range: true,
      format: 'time_series',
      interval: '1m',
      hide: true,
    });
    expect(
      json(timeseriesPanel({ ...base, queries: [query('a', 'a', { instant: true, format: 'table' })] })).targets[0],
    ).toMatchObject({
      instant: true,
      range: false,
      format: 'table',
    });
  });
});
