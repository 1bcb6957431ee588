import { ImportError, isRecord, pathJoin } from '../shared/errors.ts';
import type { DashboardJson, LinkJson, PanelJson, TargetJson, VariableJson } from './model.ts';

/**
 * A `dashboard.grafana.app/v2*` resource (v2alpha1, v2beta1, v2) as the classic model: elements
 * placed by their layout (a grid, or rows of grids), queries as targets, variables as the
 * templating list. Kinds it does not know are refused, naming their path: guessing would drop them.
 */
export function fromV2(
  resource: Record<string, unknown>,
  file: string,
): { dashboard: DashboardJson; paths: Map<object, string> } {
  const apiVersion = String(resource.apiVersion ?? '');
  if (!apiVersion.startsWith('dashboard.grafana.app/v2'))
    throw new ImportError(
      file,
      'apiVersion',
      `"${apiVersion}" is not a dashboard resource (expected dashboard.grafana.app/v2alpha1, v2beta1 or v2)`,
    );
  if (resource.kind !== 'Dashboard')
    throw new ImportError(
      file,
      'kind',
      `unknown kind "${String(resource.kind)}" of ${apiVersion} (expected Dashboard)`,
    );
  const spec = resource.spec;
  if (!isRecord(spec)) throw new ImportError(file, 'spec', 'a Dashboard resource without a spec');
  const paths = new Map<object, string>();
  const elements = isRecord(spec.elements) ? spec.elements : {};
  const time = isRecord(spec.timeSettings) ? spec.timeSettings : {};
  const metadata = isRecord(resource.metadata) ? resource.metadata : {};
  const reader = new V2Reader(file, elements, paths);
  const variables = (Array.isArray(spec.variables) ? spec.variables : []).map((v, i) =>
    reader.variable(v, pathJoin(pathJoin('spec', 'variables'), i)),
  );
  const dashboard: DashboardJson = {
    uid: typeof metadata.name === 'string' ? metadata.name : undefined,
    title: typeof spec.title === 'string' ? spec.title : '',
    description: typeof spec.description === 'string' ? spec.description : '',
    tags: Array.isArray(spec.tags) ? (spec.tags as string[]) : [],
    time: { from: String(time.from ?? 'now-6h'), to: String(time.to ?? 'now') },
    templating: { list: variables },
    links: (Array.isArray(spec.links) ? spec.links : []) as LinkJson[],
    panels: reader.layout(spec.layout, pathJoin('spec', 'layout')),
  };
  return { dashboard, paths };
}

class V2Reader {
  private nextId = 1;
  constructor(
    private readonly file: string,
    private readonly elements: Record<string, unknown>,
    private readonly paths: Map<object, string>,
  ) {}

  private fail(path: string, reason: string): never {
    throw new ImportError(this.file, path, reason);
  }

  layout(layout: unknown, path: string): PanelJson[] {
    if (layout === undefined) return [];
    if (!isRecord(layout) || !isRecord(layout.spec)) this.fail(path, 'a layout without kind and spec');
    const spec = layout.spec as Record<string, unknown>;
    switch (layout.kind) {
      case 'GridLayout':
        return this.grid(spec.items, pathJoin(pathJoin(path, 'spec'), 'items'), 0);
      case 'RowsLayout':
        return this.rows(spec.rows, pathJoin(pathJoin(path, 'spec'), 'rows'));
      default:
        return this.fail(
          pathJoin(path, 'kind'),
          `unknown layout kind "${String(layout.kind)}" (the importer reads GridLayout and RowsLayout)`,
        );
    }
  }

  /** Grid items; `top` is where the grid starts on the classic dashboard's grid. */
  private grid(items: unknown, path: string, top: number): PanelJson[] {
    if (!Array.isArray(items)) return [];
    const panels: PanelJson[] = [];
    items.forEach((item, i) => {
      const at = pathJoin(path, i);
      if (!isRecord(item) || !isRecord(item.spec)) this.fail(at, 'a layout item without kind and spec');
      const spec = item.spec as Record<string, unknown>;
      if (item.kind === 'GridLayoutRow') {
        // v2alpha1: rows are items of the grid, their panels placed absolutely.
        const row: PanelJson = {
          type: 'row',
          title: String(spec.title ?? ''),
          collapsed: Boolean(spec.collapsed),
          gridPos: { x: 0, y: Number(spec.y ?? 0), w: 24, h: 1 },
          id: this.nextId++,
        };
        const inner = this.grid(spec.elements, pathJoin(pathJoin(at, 'spec'), 'elements'), 0);
        if (isRecord(spec.repeat) && typeof spec.repeat.value === 'string') row.repeat = spec.repeat.value;
        if (row.collapsed) row.panels = inner;
        else row.panels = [];
        panels.push(row, ...(row.collapsed ? [] : inner));
        return;
      }
      if (item.kind !== 'GridLayoutItem')
        this.fail(pathJoin(at, 'kind'), `unknown layout item kind "${String(item.kind)}" (expected GridLayoutItem)`);
      const ref = spec.element;
      if (!isRecord(ref) || typeof ref.name !== 'string') return this.fail(at, 'a layout item without an element');
      const panel = this.element(ref.name, pathJoin(pathJoin(at, 'spec'), 'element'));
      panel.gridPos = {
        x: Number(spec.x ?? 0),
        y: top + Number(spec.y ?? 0),
        w: Number(spec.width ?? 12),
        h: Number(spec.height ?? 8),
      };
      if (isRecord(spec.repeat) && typeof spec.repeat.value === 'string') {
        panel.repeat = spec.repeat.value;
        if (spec.repeat.direction === 'h' || spec.repeat.direction === 'v')
          panel.repeatDirection = spec.repeat.direction;
        if (typeof spec.repeat.maxPerRow === 'number') panel.maxPerRow = spec.repeat.maxPerRow;
      }
      panels.push(panel);
    });
    return panels;
  }

  private rows(rows: unknown, path: string): PanelJson[] {
    if (!Array.isArray(rows)) return [];
    const panels: PanelJson[] = [];
    let y = 0;
    rows.forEach((r, i) => {
      const at = pathJoin(path, i);
      if (!isRecord(r) || r.kind !== 'RowsLayoutRow' || !isRecord(r.spec))
        this.fail(
          pathJoin(at, 'kind'),
          `unknown row kind "${String(isRecord(r) ? r.kind : r)}" (expected RowsLayoutRow)`,
        );
      const spec = r.spec as Record<string, unknown>;
      const layout = spec.layout;
      const headerless = spec.hideHeader === true;
      const top = headerless ? y : y + 1;
      if (isRecord(layout) && layout.kind !== 'GridLayout')
        this.fail(
          pathJoin(pathJoin(pathJoin(at, 'spec'), 'layout'), 'kind'),
          `unknown layout kind "${String(layout.kind)}" inside a row (the importer reads GridLayout)`,
        );
      const inner = this.grid(
        isRecord(layout) && isRecord(layout.spec) ? layout.spec.items : [],
        pathJoin(pathJoin(pathJoin(pathJoin(at, 'spec'), 'layout'), 'spec'), 'items'),
        top,
      );
      const bottom = Math.max(top, ...inner.map((p) => (p.gridPos?.y ?? 0) + (p.gridPos?.h ?? 0)));
      if (!headerless) {
        const collapsed = spec.collapse === true;
        const row: PanelJson = {
          type: 'row',
          title: String(spec.title ?? ''),
          collapsed,
          gridPos: { x: 0, y, w: 24, h: 1 },
          id: this.nextId++,
          panels: collapsed ? inner : [],
        };
        if (isRecord(spec.repeat) && typeof spec.repeat.value === 'string') row.repeat = spec.repeat.value;
        panels.push(row, ...(collapsed ? [] : inner));
        y = collapsed ? y + 1 : bottom;
      } else {
        panels.push(...inner);
        y = bottom;
      }
    });
    return panels;
  }

  private element(name: string, path: string): PanelJson {
    const element = this.elements[name];
    const at = pathJoin(pathJoin('spec', 'elements'), name);
    if (!isRecord(element)) return this.fail(path, `no element "${name}" in spec.elements`);
    const spec = isRecord(element.spec) ? element.spec : {};
    if (element.kind === 'LibraryPanel') {
      const panel: PanelJson = {
        id: Number(spec.id ?? this.nextId++),
        title: String(spec.title ?? ''),
        libraryPanel: isRecord(spec.libraryPanel) ? (spec.libraryPanel as { uid?: string; name?: string }) : {},
      };
      this.paths.set(panel, at);
      return panel;
    }
    if (element.kind !== 'Panel')
      this.fail(
        pathJoin(at, 'kind'),
        `unknown element kind "${String(element.kind)}" (expected Panel or LibraryPanel)`,
      );
    const data = isRecord(spec.data) && isRecord(spec.data.spec) ? spec.data.spec : {};
    const viz = isRecord(spec.vizConfig) ? spec.vizConfig : {};
    const vizSpec = isRecord(viz.spec) ? viz.spec : {};
    const queriesPath = pathJoin(pathJoin(pathJoin(pathJoin(at, 'spec'), 'data'), 'spec'), 'queries');
    const targets = (Array.isArray(data.queries) ? data.queries : []).map((q, i) =>
      this.target(q, pathJoin(queriesPath, i)),
    );
    const options = isRecord(data.queryOptions) ? data.queryOptions : {};
    const panel: PanelJson = {
      id: Number(spec.id ?? this.nextId++),
      // v2beta1 and v2 name the plugin in `group`; v2alpha1 in `kind`.
      type: String(viz.group ?? viz.kind ?? ''),
      title: String(spec.title ?? ''),
      description: String(spec.description ?? ''),
      targets,
      links: (Array.isArray(spec.links) ? spec.links : []) as LinkJson[],
      options: isRecord(vizSpec.options) ? vizSpec.options : {},
      fieldConfig: isRecord(vizSpec.fieldConfig) ? (vizSpec.fieldConfig as PanelJson['fieldConfig']) : {},
      transformations: (Array.isArray(data.transformations) ? data.transformations : []).map((t) =>
        // v2 wraps each transformation as { kind: id, spec: { id, options } } (v2beta1) or { group, spec }.
        isRecord(t) && isRecord(t.spec) ? { ...t.spec, id: t.spec.id ?? t.group ?? t.kind } : t,
      ),
      ...(typeof options.interval === 'string' ? { interval: options.interval } : {}),
      ...(typeof options.maxDataPoints === 'number' ? { maxDataPoints: options.maxDataPoints } : {}),
      ...(typeof options.timeFrom === 'string' ? { timeFrom: options.timeFrom } : {}),
      ...(typeof options.timeShift === 'string' ? { timeShift: options.timeShift } : {}),
    };
    if (spec.transparent === true) panel.transparent = true;
    this.paths.set(panel, at);
    return panel;
  }

  private target(q: unknown, path: string): TargetJson {
    if (!isRecord(q) || !isRecord(q.spec)) return this.fail(path, 'a query without kind and spec');
    const spec = q.spec;
    const query = isRecord(spec.query) ? spec.query : {};
    // v2beta1 and v2: { kind: 'DataQuery', group: 'prometheus', datasource: { name } }; v2alpha1: { kind: 'prometheus' }.
    const type = String(query.group ?? query.kind ?? '');
    const ds = isRecord(query.datasource) ? query.datasource : isRecord(spec.datasource) ? spec.datasource : {};
    const uid = typeof ds.name === 'string' ? ds.name : typeof ds.uid === 'string' ? ds.uid : undefined;
    const target: TargetJson = {
      ...(isRecord(query.spec) ? query.spec : {}),
      refId: String(spec.refId ?? ''),
      // An empty group is the datasource variable's or the default datasource's type: unsaid.
      datasource: { ...(type ? { type } : {}), ...(uid ? { uid } : {}) },
      ...(spec.hidden === true ? { hide: true } : {}),
    };
    this.paths.set(target, pathJoin(pathJoin(pathJoin(path, 'spec'), 'query'), 'spec'));
    return target;
  }

  variable(v: unknown, path: string): VariableJson {
    if (!isRecord(v) || !isRecord(v.spec)) return this.fail(path, 'a variable without kind and spec');
    const spec = v.spec;
    const kinds: Record<string, string> = {
      QueryVariable: 'query',
      CustomVariable: 'custom',
      IntervalVariable: 'interval',
      DatasourceVariable: 'datasource',
      ConstantVariable: 'constant',
      TextVariable: 'textbox',
      AdhocVariable: 'adhoc',
      GroupByVariable: 'groupby',
    };
    const type = kinds[String(v.kind)];
    if (!type)
      this.fail(
        pathJoin(path, 'kind'),
        `unknown variable kind "${String(v.kind)}" (expected one of ${Object.keys(kinds).join(', ')})`,
      );
    const hide: Record<string, number> = { dontHide: 0, hideLabel: 1, hideVariable: 2 };
    const refresh: Record<string, number> = { never: 0, onDashboardLoad: 1, onTimeRangeChanged: 2 };
    const out: VariableJson = { ...spec, type };
    if (typeof spec.hide === 'string') out.hide = hide[spec.hide] ?? 0;
    if (typeof spec.refresh === 'string') out.refresh = refresh[spec.refresh] ?? 1;
    if (type === 'query') {
      const query = isRecord(spec.query) ? spec.query : {};
      const inner = isRecord(query.spec) ? query.spec : {};
      out.query =
        typeof inner.query === 'string' ? inner.query : typeof inner.expr === 'string' ? inner.expr : spec.definition;
    }
    if (type === 'datasource') out.query = spec.pluginId;
    // Where a bad query is said to be: its text's own place (read appends `.query`).
    const inner = isRecord(spec.query) && isRecord(spec.query.spec) ? spec.query.spec : undefined;
    const container = inner && typeof inner.query === 'string' ? ['spec', 'query', 'spec'] : ['spec'];
    this.paths.set(
      out,
      container.reduce<string>((at, key) => pathJoin(at, key), path),
    );
    return out;
  }
}
