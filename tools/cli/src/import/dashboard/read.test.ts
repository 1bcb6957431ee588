import { describe, expect, it } from 'vitest';
import { ImportError } from '../shared/errors.ts';
import { readDashboard } from './read.ts';

/** The ImportError `readDashboard` throws, as [path, message]. */
function failure(input: unknown, file: string): [string, string] {
  try {
    readDashboard(input, file);
  } catch (e) {
    if (e instanceof ImportError) return [e.path, e.message];
    throw e;
  }
  throw new Error(`${file}: read without an error`);
}

const stat = (expr: string) => ({ type: 'stat', title: 's', targets: [{ refId: 'A', expr }] });
const v2 = (spec: Record<string, unknown>, kind = 'Dashboard', apiVersion = 'dashboard.grafana.app/v2beta1') => ({
  apiVersion,
  kind,
  metadata: { name: 'uid-1' },
  spec,
});
const grid = (name: string) => ({
  kind: 'GridLayout',
  spec: {
    items: [
      {
        kind: 'GridLayoutItem',
        spec: { x: 0, y: 0, width: 6, height: 4, element: { kind: 'ElementReference', name } },
      },
    ],
  },
});
const v2Panel = (expr: string) => ({
  kind: 'Panel',
  spec: {
    id: 1,
    title: 'p',
    data: {
      kind: 'QueryGroup',
      spec: {
        queries: [
          {
            kind: 'PanelQuery',
            spec: { refId: 'A', query: { kind: 'DataQuery', group: 'prometheus', spec: { expr, legendFormat: 'x' } } },
          },
        ],
      },
    },
    vizConfig: { kind: 'VizConfig', group: 'stat', spec: { options: {}, fieldConfig: { defaults: { unit: 's' } } } },
  },
});

describe('readDashboard refuses bad input, naming the file and the JSON path', () => {
  it('text that is not JSON', () => {
    const [path, message] = failure('{"title": ', 'a.json');
    expect(path).toBe('');
    expect(message).toMatch(/^a\.json: not JSON: /);
  });

  it('JSON that is not a dashboard', () => {
    expect(failure([1], 'b.json')).toEqual(['', 'b.json: not a dashboard: the JSON is an array, not an object']);
    expect(failure({ title: 'x' }, 'c.json')).toEqual([
      '',
      'c.json: not a dashboard: no panels (expected a classic dashboard, a Grafana export, {dashboard, meta} or a dashboard.grafana.app/v2 resource)',
    ]);
  });

  it('a resource that is not a dashboard, or a v2 dashboard with kinds it does not know', () => {
    expect(failure(v2({}, 'LibraryPanel'), 'd.json')).toEqual([
      'kind',
      'd.json: kind: unknown kind "LibraryPanel" of dashboard.grafana.app/v2beta1 (expected Dashboard)',
    ]);
    expect(failure(v2({}, 'Folder', 'folder.grafana.app/v1'), 'e.json')).toEqual([
      'apiVersion',
      'e.json: apiVersion: "folder.grafana.app/v1" is not a dashboard resource (expected dashboard.grafana.app/v2alpha1, v2beta1 or v2)',
    ]);
    expect(failure(v2({ elements: {}, layout: { kind: 'TabsLayout', spec: {} } }), 'f.json')).toEqual([
      'spec.layout.kind',
      'f.json: spec.layout.kind: unknown layout kind "TabsLayout" (the importer reads GridLayout and RowsLayout)',
    ]);
    expect(failure(v2({ elements: { x: { kind: 'Widget', spec: {} } }, layout: grid('x') }), 'g.json')).toEqual([
      'spec.elements.x.kind',
      'g.json: spec.elements.x.kind: unknown element kind "Widget" (expected Panel or LibraryPanel)',
    ]);
  });

  it('a query promql rejects, at its path in each form', () => {
    expect(failure({ panels: [{}, {}, {}, stat('rate(x{a="b"}[5m]) by (a)')] }, 'h.json')).toEqual([
      'panels[3].targets[0].expr',
      'h.json: panels[3].targets[0].expr: unexpected "by" (at character 20: "rate(x{a=\\"b\\"}[5m]) by (a)")',
    ]);
    const nested = { panels: [{ type: 'row', collapsed: true, panels: [stat('up'), stat('sum(rate(x[5m])')] }] };
    expect(failure(nested, 'i.json')).toEqual([
      'panels[0].panels[1].targets[0].expr',
      'i.json: panels[0].panels[1].targets[0].expr: unexpected end of input (at character 16: "sum(rate(x[5m])")',
    ]);
    expect(failure({ dashboard: { panels: [stat('x +')] }, meta: {} }, 'j.json')).toEqual([
      'dashboard.panels[0].targets[0].expr',
      'j.json: dashboard.panels[0].targets[0].expr: unexpected end of input (at character 4: "x +")',
    ]);
    expect(failure(v2({ elements: { 'panel-1': v2Panel('sum(') }, layout: grid('panel-1') }), 'k.json')).toEqual([
      'spec.elements["panel-1"].spec.data.spec.queries[0].spec.query.spec.expr',
      'k.json: spec.elements["panel-1"].spec.data.spec.queries[0].spec.query.spec.expr: unexpected end of input (at character 5: "sum(")',
    ]);
    const v2Variable = v2({
      elements: {},
      layout: { kind: 'GridLayout', spec: { items: [] } },
      variables: [
        {
          kind: 'QueryVariable',
          spec: {
            name: 'v',
            query: { kind: 'DataQuery', group: 'prometheus', spec: { query: 'label_values(up{, job)' } },
          },
        },
      ],
    });
    expect(failure(v2Variable, 'm.json')).toEqual([
      'spec.variables[0].spec.query.spec.query',
      'm.json: spec.variables[0].spec.query.spec.query: unexpected end of input (at character 17: "up{")',
    ]);
    const variable = {
      panels: [],
      templating: { list: [{ type: 'query', name: 'v', query: 'label_values(up{job=, job)' }] },
    };
    expect(failure(variable, 'l.json')).toEqual([
      'templating.list[0].query',
      'l.json: templating.list[0].query: unexpected end of input (at character 21: "up{job=")',
    ]);
  });

  it('a Loki query is not PromQL: not checked as one', () => {
    const loki = {
      type: 'logs',
      targets: [{ refId: 'A', datasource: { type: 'loki' }, expr: '{job="x"} |= "error"' }],
    };
    expect(readDashboard({ panels: [loki] }, 'm.json').form).toBe('classic');
  });
});

describe('readDashboard reads every form as the classic model', () => {
  it("an export's Prometheus input becomes the kit's datasource variable, a constant input its value", () => {
    const exported = {
      __inputs: [
        { name: 'DS_PROM', type: 'datasource', pluginId: 'prometheus' },
        { name: 'VAR_JOB', type: 'constant', value: 'api' },
      ],
      panels: [{ type: 'stat', datasource: '${DS_PROM}', targets: [{ refId: 'A', expr: 'up{job="${VAR_JOB}"}' }] }],
    };
    const read = readDashboard(JSON.stringify(exported), 'n.json');
    expect(read.form).toBe('export');
    expect(read.dashboard.panels![0]!.datasource).toBe('${datasource}');
    expect(read.dashboard.panels![0]!.targets![0]!.expr).toBe('up{job="api"}');
  });

  it('a v2 resource: elements placed by their layout, queries as targets', () => {
    const read = readDashboard(
      v2({ title: 'T', elements: { 'panel-1': v2Panel('up') }, layout: grid('panel-1') }),
      'o.json',
    );
    expect(read.form).toBe('v2');
    expect(read.dashboard.uid).toBe('uid-1');
    expect(read.dashboard.panels).toEqual([
      expect.objectContaining({
        type: 'stat',
        title: 'p',
        gridPos: { x: 0, y: 0, w: 6, h: 4 },
        targets: [{ expr: 'up', legendFormat: 'x', refId: 'A', datasource: { type: 'prometheus' } }],
        fieldConfig: { defaults: { unit: 's' } },
      }),
    ]);
  });

  it('a dashboard of the schema before Grafana 5: rows of spans on the grid, as Grafana migrates it', () => {
    const legacy = {
      rows: [
        {
          title: 'A',
          showTitle: true,
          height: '250px',
          panels: [
            { type: 'graph', span: 6 },
            { type: 'graph', span: 6 },
          ],
        },
        { title: 'B', showTitle: true, collapse: true, panels: [{ type: 'graph', span: 12, height: 300 }] },
      ],
    };
    const panels = readDashboard(legacy, 'p.json').dashboard.panels!;
    expect(panels.map((p) => [p.type, p.title, p.gridPos, p.panels?.map((q) => q.gridPos)])).toEqual([
      ['row', 'A', { x: 0, y: 0, w: 24, h: 1 }, []],
      ['graph', undefined, { x: 0, y: 1, w: 12, h: 7 }, undefined],
      ['graph', undefined, { x: 12, y: 1, w: 12, h: 7 }, undefined],
      ['row', 'B', { x: 0, y: 8, w: 24, h: 1 }, [{ x: 0, y: 9, w: 24, h: 8 }]],
    ]);
  });
});

describe('the narrative fixture in each form reads the same', () => {
  it('as classic JSON, in the API envelope, and as an export with a Prometheus input', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('__fixtures__/narrative-story-health.json', import.meta.url), 'utf8');
    const classic = readDashboard(text, 'story.json').dashboard;
    expect(
      readDashboard(JSON.stringify({ dashboard: JSON.parse(text), meta: { slug: 'x' } }), 'env.json').dashboard,
    ).toEqual(classic);
    const exported = JSON.parse(text.replaceAll('${datasource}', '${DS_PROM}'));
    exported.__inputs = [{ name: 'DS_PROM', type: 'datasource', pluginId: 'prometheus' }];
    const { __inputs: _inputs, ...fromExport } = readDashboard(exported, 'export.json').dashboard;
    expect(fromExport).toEqual(classic);
  });
});
