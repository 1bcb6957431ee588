import { describe, expect, it } from 'vitest';
import {
  dashboardResource,
  DashboardConversionError,
  folderResource,
  toSchemaV2,
  type ClassicDashboard,
} from './schema-v2.ts';
import { tenantDashboard } from './dashboard.ts';
import { importedSpec, sampleContext } from './test-support.ts';
import { dashboardSchemaErrors, dashboardV2SchemaErrors, folderResourceErrors } from './validate.ts';

const ds = { type: 'prometheus', uid: '${datasource}' };
const panel = (id: number, y: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'timeseries',
  title: `p${id}`,
  gridPos: { x: 0, y, w: 12, h: 8 },
  datasource: ds,
  targets: [{ refId: 'A', datasource: ds, expr: `up${id}`, legendFormat: '{{job}}' }],
  ...extra,
});
const row = (id: number, y: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'row',
  title: `r${id}`,
  gridPos: { x: 0, y, w: 24, h: 1 },
  collapsed: false,
  panels: [],
  ...extra,
});
const dashboard = (panels: unknown[], extra: Record<string, unknown> = {}): ClassicDashboard =>
  ({ uid: 'd', title: 'D', time: { from: 'now-6h', to: 'now' }, panels, ...extra }) as ClassicDashboard;

type Layout = { kind: string; spec: { items?: ItemSpec[]; rows?: Array<{ spec: RowSpec }> } };
type ItemSpec = { spec: { x: number; y: number; element: { name: string }; repeat?: unknown } };
type RowSpec = { title: string; collapse: boolean; hideHeader?: boolean; layout: { spec: { items: ItemSpec[] } } };
const layoutOf = (d: ClassicDashboard) => toSchemaV2(d).layout as unknown as Layout;
const itemsOf = (r: { spec: RowSpec }) => r.spec.layout.spec.items.map((i) => [i.spec.element.name, i.spec.y]);

describe('toSchemaV2', () => {
  it('lays out a dashboard without rows as a grid, each panel an element panel-<id>', () => {
    const spec = toSchemaV2(dashboard([panel(1, 0), panel(2, 8)]));
    expect(Object.keys(spec.elements)).toEqual(['panel-1', 'panel-2']);
    expect(layoutOf(dashboard([panel(1, 0), panel(2, 8)]))).toMatchObject({
      kind: 'GridLayout',
      spec: {
        items: [{ spec: { y: 0, element: { name: 'panel-1' } } }, { spec: { y: 8, element: { name: 'panel-2' } } }],
      },
    });
    expect(dashboardV2SchemaErrors(dashboardResource('d', 'f', spec))).toEqual([]);
  });

  it('puts rows in a rows layout, panels placed relative to their row, those above the first row in a row without a header', () => {
    const rows = layoutOf(
      dashboard([
        panel(1, 0),
        row(2, 8),
        panel(3, 9),
        panel(4, 17),
        row(5, 25, { collapsed: true, panels: [panel(6, 26)] }),
      ]),
    ).spec.rows!;
    expect(rows.map((r) => [r.spec.title, r.spec.collapse, r.spec.hideHeader ?? false])).toEqual([
      ['', false, true],
      ['r2', false, false],
      ['r5', true, false],
    ]);
    expect(rows.map(itemsOf)).toEqual([
      [['panel-1', 0]],
      [
        ['panel-3', 0],
        ['panel-4', 8],
      ],
      [['panel-6', 0]],
    ]);
  });

  it('moves each target into a DataQuery of its datasource, keeping the rest of it as the query spec', () => {
    const target = { refId: 'B', expr: 'x', instant: true, range: false, format: 'table', hide: true };
    const spec = toSchemaV2(dashboard([panel(1, 0, { targets: [target] })]));
    expect(spec.elements['panel-1']).toMatchObject({
      spec: {
        data: {
          spec: {
            queries: [
              {
                kind: 'PanelQuery',
                spec: {
                  refId: 'B',
                  hidden: true,
                  query: {
                    kind: 'DataQuery',
                    group: 'prometheus',
                    version: 'v0',
                    datasource: { name: '${datasource}' },
                    spec: { expr: 'x', instant: true, range: false, format: 'table' },
                  },
                },
              },
            ],
          },
        },
      },
    });
  });

  it('keeps repeats: a panel repeated by a variable, a row repeated by one', () => {
    const rows = layoutOf(
      dashboard([
        row(1, 0, { repeat: 'tenant' }),
        panel(2, 1, { repeat: 'service', repeatDirection: 'v', maxPerRow: 3 }),
      ]),
    ).spec.rows!;
    expect(rows[0]!.spec).toMatchObject({ repeat: { mode: 'variable', value: 'tenant' } });
    expect(rows[0]!.spec.layout.spec.items[0]!.spec.repeat).toEqual({
      mode: 'variable',
      value: 'service',
      direction: 'v',
      maxPerRow: 3,
    });
  });

  it('converts the constant and datasource variables, with their hide and current value', () => {
    const spec = toSchemaV2(
      dashboard([], {
        templating: {
          list: [
            {
              type: 'datasource',
              name: 'datasource',
              label: 'Data source',
              query: 'prometheus',
              current: { text: 'p', value: 'p' },
            },
            { type: 'constant', name: 'tenant', hide: 2, query: 'aurora-books' },
          ],
        },
      }),
    );
    expect(spec.variables).toMatchObject([
      {
        kind: 'DatasourceVariable',
        spec: { name: 'datasource', pluginId: 'prometheus', label: 'Data source', current: { value: 'p' } },
      },
      {
        kind: 'ConstantVariable',
        spec: { name: 'tenant', query: 'aurora-books', hide: 'hideVariable', current: { value: 'aurora-books' } },
      },
    ]);
  });

  it.each([
    ['a dashboard field', dashboard([], { graphTooltipX: 1 }), 'dashboard d: field "graphTooltipX"'],
    ['a panel field', dashboard([panel(1, 0, { colors: ['red'] })]), 'dashboard d, panel 1 "p1": field "colors"'],
    [
      'a variable type',
      dashboard([], { templating: { list: [{ type: 'adhoc', name: 'q' }] } }),
      'variable q: variables of type "adhoc"',
    ],
    ['annotations', dashboard([], { annotations: { list: [{ name: 'deploys' }] } }), 'annotations have no schema v2'],
    [
      'a query variable of no known datasource',
      dashboard([], { templating: { list: [{ type: 'query', name: 'q', query: 'up' }] } }),
      'variable q: a query variable without a datasource type',
    ],
    [
      'a raw panel of the old graph plugin',
      dashboard([panel(1, 0, { type: 'graph', lines: true })]),
      'dashboard d, panel 1 "p1": field "lines"',
    ],
  ])('refuses what it cannot convert instead of dropping it: %s', (_, classic, message) => {
    expect(() => toSchemaV2(classic)).toThrow(DashboardConversionError);
    expect(() => toSchemaV2(classic)).toThrow(message);
  });
});

describe('toSchemaV2 of a dashboard as an import writes it', () => {
  const classic = () =>
    JSON.parse(JSON.stringify(tenantDashboard(sampleContext(), importedSpec()).build())) as ClassicDashboard;
  const spec = () => toSchemaV2(classic());

  it("converts it whole, valid against Grafana's v2 schema", () => {
    expect(dashboardSchemaErrors(classic())).toEqual([]);
    expect(dashboardV2SchemaErrors(dashboardResource('imported', 'f', spec()))).toEqual([]);
  });

  it('converts every kind of variable, a query variable on the datasource variable with its query as Grafana keeps a string', () => {
    expect(spec().variables.map((v) => [v.kind, v.spec.name])).toEqual([
      ['DatasourceVariable', 'datasource'],
      ['ConstantVariable', 'tenant'],
      ['QueryVariable', 'service'],
      ['CustomVariable', 'quantile'],
      ['IntervalVariable', 'interval'],
      ['TextVariable', 'filter'],
      ['ConstantVariable', 'cluster'],
      ['CustomVariable', 'legacy'],
    ]);
    expect(spec().variables[2]).toMatchObject({
      spec: {
        query: {
          kind: 'DataQuery',
          group: 'prometheus',
          datasource: { name: '${datasource}' },
          spec: { __legacyStringValue: 'label_values(up, service)' },
        },
        multi: true,
        includeAll: true,
        sort: 'naturalAsc',
        refresh: 'onDashboardLoad',
      },
    });
    expect(spec().variables[4]).toMatchObject({ spec: { query: '1m,5m', auto: true, refresh: 'onTimeRangeChanged' } });
    expect(spec().variables[7]).toMatchObject({ spec: { query: 'a,b', hide: 'hideLabel' } });
  });

  it('keeps the header links, the repeats, the collapsed row and its panels', () => {
    expect(spec().links.map((l) => [l.title, l.type])).toContainEqual(['Related', 'dashboards']);
    const rows = (spec().layout as unknown as Layout).spec.rows!;
    expect(rows.map((r) => [r.spec.title, r.spec.collapse, r.spec.hideHeader ?? false])).toEqual([
      ['', false, true],
      ['Requests', false, false],
      ['Details', true, false],
      ['Per cluster', false, false],
    ]);
    expect(rows[1]!.spec.layout.spec.items[0]!.spec.repeat).toEqual({
      mode: 'variable',
      value: 'service',
      direction: 'h',
      maxPerRow: 3,
    });
    expect(rows.map(itemsOf)).toEqual([
      [['panel-1', 0]],
      [
        ['panel-3', 0],
        ['panel-4', 0],
      ],
      [['panel-6', 0]],
      [['panel-8', 0]],
    ]);
    expect(rows[3]!.spec).toMatchObject({ repeat: { mode: 'variable', value: 'cluster' } });
  });

  it('makes a raw panel an element of its plugin, with its options as given', () => {
    expect(spec().elements['panel-1']).toMatchObject({
      kind: 'Panel',
      spec: {
        id: 1,
        title: '',
        vizConfig: { group: 'text', spec: { options: { mode: 'markdown', content: '# Hi' } } },
      },
    });
  });

  it('makes a library panel a LibraryPanel element, by reference', () => {
    const libraryPanel = {
      id: 1,
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      title: 'Shared',
      type: 'timeseries',
      libraryPanel: { uid: 'lib-1', name: 'Shared' },
    };
    const converted = toSchemaV2(dashboard([libraryPanel]));
    expect(converted.elements['panel-1']).toEqual({
      kind: 'LibraryPanel',
      spec: { id: 1, title: 'Shared', libraryPanel: { uid: 'lib-1', name: 'Shared' } },
    });
    expect(dashboardV2SchemaErrors(dashboardResource('d', 'f', converted))).toEqual([]);
  });
});

describe('resources', () => {
  it('a dashboard: dashboard.grafana.app/v2, named by its uid, its folder in the grafana.app/folder annotation', () => {
    const resource = dashboardResource('uid-1', 'folder-1', toSchemaV2(dashboard([])));
    expect(resource).toMatchObject({
      apiVersion: 'dashboard.grafana.app/v2',
      kind: 'Dashboard',
      metadata: { name: 'uid-1', annotations: { 'grafana.app/folder': 'folder-1' } },
    });
    expect(Object.keys(resource)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  it('a folder: folder.grafana.app/v1, a nested one naming its parent', () => {
    const root = folderResource({ uid: 'tenant-a', title: 'A' });
    const child = folderResource({ uid: 'tenant-a-ops', title: 'Operations', parentUid: 'tenant-a' });
    expect(root).toEqual({
      apiVersion: 'folder.grafana.app/v1',
      kind: 'Folder',
      metadata: { name: 'tenant-a' },
      spec: { title: 'A' },
    });
    expect(child.metadata).toEqual({ name: 'tenant-a-ops', annotations: { 'grafana.app/folder': 'tenant-a' } });
    expect([...folderResourceErrors(root), ...folderResourceErrors(child)]).toEqual([]);
    expect(folderResourceErrors({ ...root, spec: { title: 'A', color: 'red' } })).toEqual([
      'spec/ must NOT have additional properties (color)',
    ]);
  });
});
