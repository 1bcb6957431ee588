import * as kit from '@plotwatch/grafana';
import { environment, findMetric, TENANT_LABEL, type MatcherValue, type PersonaId } from '@plotwatch/platform';
import { lint, parseDuration } from '@plotwatch/promql';
import { ImportError, isRecord } from '../shared/errors.ts';
import {
  call,
  code,
  commented,
  grafana,
  platform,
  seriesReference,
  templateText,
  type Code,
  type Value,
} from './code.ts';
import { missingMetrics, type MissingMetric } from '../shared/catalog-entries.ts';
import type { DashboardJson, LinkJson, PanelJson, ReadDashboard, TargetJson, VariableJson } from './model.ts';
import {
  exprFor,
  matchesOnLabel,
  rewriteExpr,
  tenantVariablesOf,
  type MetricUse,
  type Piece,
  type RewrittenExpr,
} from './queries.ts';
import { isPromTarget, queryText, variableExpr } from './read.ts';

export interface PlanOptions {
  readonly persona: PersonaId;
  readonly slug: string;
  readonly scope: 'tenant' | 'platform';
  /** The label that names the tenant in the queries; the platform's (`tenant`) by default. */
  readonly tenantLabel?: string;
}

/** What the import did, for the user: nothing is dropped without being named here. */
export interface ImportSummary {
  readonly converted: ReadonlyArray<{
    readonly title: string;
    readonly preset: string;
    /** Fields the preset does not model, kept as the original had them (`options.legend`). */
    readonly raw: readonly string[];
  }>;
  readonly keptRaw: ReadonlyArray<{ readonly title: string; readonly reason: string }>;
  readonly variables: ReadonlyArray<{ readonly name: string; readonly as: string }>;
  readonly queries: { readonly total: number; readonly rewritten: number };
  readonly missingMetrics: readonly MissingMetric[];
  /** Selectors a tenant-scoped definition leaves unfiltered: they show every tenant's series. */
  readonly unscoped: readonly string[];
  /** What the kit decides instead, or what has no place in a definition, with why. */
  readonly notKept: readonly string[];
  /**
   * What the build's PromQL checks will say of the imported queries (the unknown metrics aside,
   * listed above): the build refuses the dashboard until they are fixed by hand.
   */
  readonly checks: ReadonlyArray<{ readonly where: string; readonly message: string; readonly check: string }>;
}

export interface DashboardPlan {
  readonly persona: PersonaId;
  readonly slug: string;
  readonly scope: 'tenant' | 'platform';
  /** `<camelSlug>Dashboard`. */
  readonly exportName: string;
  readonly doc: string;
  /** The object the definition's function returns. */
  readonly spec: Readonly<Record<string, Value>>;
  readonly summary: ImportSummary;
}

/** The fields a preset panel may carry in `raw`: the ones the kit does not model. */
const RAW_FIELDS = [
  'options',
  'fieldConfig',
  'transformations',
  'transparent',
  'interval',
  'maxDataPoints',
  'timeFrom',
  'timeShift',
  'hideTimeOverride',
  'cacheTimeout',
  'queryCachingTTL',
] as const;
/** Panel fields the presets model, or that have no meaning once converted. */
const MODELLED_PANEL_FIELDS = new Set([
  'id',
  'type',
  'title',
  'description',
  'gridPos',
  'datasource',
  'targets',
  'links',
  'repeat',
  'repeatDirection',
  'maxPerRow',
  // The plugin version the JSON was saved with: Grafana migrates on load, the kit's panels carry none.
  'pluginVersion',
  ...RAW_FIELDS,
]);
const MODELLED_TARGET_FIELDS = new Set([
  'expr',
  'legendFormat',
  'refId',
  'datasource',
  'instant',
  'range',
  'format',
  'interval',
  'hide',
  'exemplar',
  // How the query editor was left (builder or code): not part of the query.
  'editorMode',
  'key',
]);

/** Variable fields the kit's builders take, or that Grafana recomputes (options) or shows only in its editor. */
const VARIABLE_FIELDS = new Set([
  'type',
  'name',
  'label',
  'description',
  'query',
  'definition',
  'regex',
  'multi',
  'includeAll',
  'allValue',
  'refresh',
  'sort',
  'hide',
  'options',
  'current',
  'datasource',
  'auto',
  'auto_count',
  'auto_min',
  // Grafana 6's tag filters, empty in every dashboard that does not use them.
  'tags',
  'tagsQuery',
  'tagValuesQuery',
  'useTags',
]);

/** The tenant the build's checks see a tenant-scoped query built for: a valid id no tenant has. */
const LINT_TENANT = 'import-check-tenant';

type Preset =
  | 'timeseriesPanel'
  | 'statPanel'
  | 'gaugePanel'
  | 'barGaugePanel'
  | 'tablePanel'
  | 'heatmapPanel'
  | 'stateTimelinePanel';

const PRESETS: Readonly<Record<string, Preset>> = {
  timeseries: 'timeseriesPanel',
  graph: 'timeseriesPanel',
  stat: 'statPanel',
  gauge: 'gaugePanel',
  bargauge: 'barGaugePanel',
  table: 'tablePanel',
  heatmap: 'heatmapPanel',
  'state-timeline': 'stateTimelinePanel',
};

/** How each preset asks for its queries, as the kit's `prometheusQuery` writes them. */
const PRESET_SHAPE: Readonly<Record<Preset, { instant: boolean; format: string }>> = {
  timeseriesPanel: { instant: false, format: 'time_series' },
  statPanel: { instant: true, format: 'time_series' },
  gaugePanel: { instant: true, format: 'time_series' },
  barGaugePanel: { instant: true, format: 'time_series' },
  tablePanel: { instant: true, format: 'table' },
  heatmapPanel: { instant: false, format: 'heatmap' },
  stateTimelinePanel: { instant: false, format: 'time_series' },
};

const UNIT_NAMES: ReadonlyMap<string, string> = (() => {
  const names = new Map<string, string>();
  // `short` has several names (cores, count, score): the first neutral one, count, reads best.
  names.set('short', 'count');
  for (const [name, id] of Object.entries(kit.units)) if (!names.has(id)) names.set(id, name);
  return names;
})();

const HIDE = ['dontHide', 'hideLabel', 'hideVariable'] as const;
const REFRESH = ['never', 'onDashboardLoad', 'onTimeRangeChanged'] as const;
const SORT = [
  'disabled',
  'alphabeticalAsc',
  'alphabeticalDesc',
  'numericalAsc',
  'numericalDesc',
  'alphabeticalCaseInsensitiveAsc',
  'alphabeticalCaseInsensitiveDesc',
  'naturalAsc',
  'naturalDesc',
] as const;

/** `story-health` -> `storyHealth`. */
export function camelCase(slug: string): string {
  return slug
    .replace(/[-_\s]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase())
    .replace(/^[A-Z]/, (c) => c.toLowerCase());
}

/**
 * A dashboard as a definition on the kit: presets for the panels it has, raw panels (with why)
 * for the rest; queries with the scope's tenant and catalog references. Pure: the result is
 * rendered by `renderDefinition` and summarised by `formatSummary`.
 */
/** Every PromQL expression of a dashboard: its Prometheus panels' queries and its query variables'. */
function promExprs(dashboard: DashboardJson): string[] {
  const panels = flatPanels(dashboard.panels ?? []);
  return [
    ...panels.flatMap((p) =>
      (p.targets ?? []).flatMap((t) => (typeof t.expr === 'string' && isPromTarget(t, p) ? [t.expr] : [])),
    ),
    ...(dashboard.templating?.list ?? []).flatMap((v) => {
      const expr = v.type === 'query' ? variableExpr(queryText(v)) : undefined;
      return expr === undefined ? [] : [expr];
    }),
  ];
}

/** The scope a dashboard's queries ask for: one tenant's when any of them matches on the tenant label. */
export function scopeOf(read: ReadDashboard, tenantLabel = TENANT_LABEL): 'tenant' | 'platform' {
  return matchesOnLabel(promExprs(read.dashboard), tenantLabel) ? 'tenant' : 'platform';
}

export function planDashboard(read: ReadDashboard, options: PlanOptions): DashboardPlan {
  // The slug names the file, the uid and the exported const: lower-case words joined by dashes.
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(options.slug))
    throw new ImportError(
      read.file,
      '',
      `slug "${options.slug}": it names the file, the uid and the const ${camelCase(options.slug)}Dashboard; use lower-case letters, digits and dashes, a letter first (--slug)`,
    );
  return new Planner(read, options).plan();
}

/** A panel before layout decides which of its place and size the definition must say. */
interface PanelPlan {
  readonly title: string;
  /** Its place on the original's grid. */
  readonly gridPos: { x: number; y: number; w: number; h: number } | undefined;
  /** A raw panel keeps its JSON's place; a preset panel flows unless told. */
  readonly raw: boolean;
  /** The preset's call, given the place and size to say (those the kit's flow would not give). */
  readonly value: (place: { position?: { x: number; y: number }; width?: number; height?: number }) => Code;
  /** The size the preset gives when none is said. */
  readonly defaultSize: { readonly w: number; readonly h: number };
}

class Planner {
  private readonly tenantLabel: string;
  private readonly tenantVariables: ReadonlySet<string>;
  private readonly converted: Array<ImportSummary['converted'][number]> = [];
  private readonly keptRaw: Array<ImportSummary['keptRaw'][number]> = [];
  private readonly variables: Array<ImportSummary['variables'][number]> = [];
  private readonly notKept: string[] = [];
  private readonly unscoped: string[] = [];
  private readonly checks: Array<ImportSummary['checks'][number]> = [];
  private readonly metrics = new Map<string, MetricUse[]>();
  private queries = { total: 0, rewritten: 0 };
  private readonly dashboard: DashboardJson;
  /** The original's Prometheus datasource variable, which the kit's `datasource` replaces. */
  private readonly datasourceVariable: string | undefined;

  constructor(
    read: ReadDashboard,
    private readonly o: PlanOptions,
  ) {
    this.dashboard = read.dashboard;
    this.tenantLabel = o.tenantLabel ?? TENANT_LABEL;
    // The kit's fixed `tenant` takes the place of the original's of that name, and of any tenant matchers name.
    this.tenantVariables =
      o.scope === 'tenant'
        ? new Set([...tenantVariablesOf(promExprs(this.dashboard), this.tenantLabel), 'tenant'])
        : new Set<string>();
    this.datasourceVariable = (this.dashboard.templating?.list ?? []).find(
      (v) => v.type === 'datasource' && v.query === 'prometheus',
    )?.name;
    this.tenantVariableNotes();
  }

  /** A tenant variable of another name than the kit's `tenant`: what still says `$<name>` no longer resolves. */
  private tenantVariableNotes(): void {
    const { templating: _templating, ...rest } = this.dashboard;
    const text = JSON.stringify(rest);
    for (const name of this.tenantVariables) {
      if (name === 'tenant') continue;
      if ([`$${name}`, `\${${name}`, `[[${name}`].some((ref) => text.includes(ref)))
        this.notKept.push(
          `variable ${name}: the kit's fixed tenant variable is named tenant; $${name} outside the tenant matchers (titles, legends, links) no longer resolves: say $tenant`,
        );
    }
  }

  plan(): DashboardPlan {
    const d = this.dashboard;
    const { top, rows } = this.layout(d.panels ?? []);
    const variables = (d.templating?.list ?? []).flatMap((v) => this.variable(v));
    const links = (d.links ?? []).flatMap((l, i) => this.dashboardLink(l, i));
    this.dashboardLevelNotKept(d);
    const spec: Record<string, Value> = {
      title: d.title ?? this.o.slug,
      description: d.description ?? '',
      tags: d.tags?.length ? d.tags : undefined,
      from: d.time?.from && d.time.from !== 'now-6h' ? d.time.from : undefined,
      to: d.time?.to && d.time.to !== 'now' ? d.time.to : undefined,
      variables: variables.length ? variables : undefined,
      links: links.length ? links : undefined,
      panels: top.length ? top : undefined,
      rows: rows.length ? rows : undefined,
    };
    const missing = missingMetrics([...this.metrics.entries()].filter(([name]) => !isKnown(name)));
    const title = d.title ?? this.o.slug;
    // What the dashboard is for, in the repository's words: its description, else its title and sections.
    const description = d.description?.trim().replace(/\s+/g, ' ');
    const parts = rows.length ? rowTitles(d.panels ?? []) : panelTitles(d.panels ?? []);
    const doc = description
      ? `${description}${/[.!?]$/.test(description) ? '' : '.'}`
      : `${title}${parts.length ? `: ${listed(parts.slice(0, 6))}${parts.length > 6 ? ' and more' : ''}` : ''}.`;
    return {
      persona: this.o.persona,
      slug: this.o.slug,
      scope: this.o.scope,
      exportName: `${camelCase(this.o.slug)}Dashboard`,
      doc,
      spec,
      summary: {
        converted: this.converted,
        keptRaw: this.keptRaw,
        variables: this.variables,
        queries: this.queries,
        missingMetrics: missing,
        unscoped: [...new Set(this.unscoped)],
        notKept: this.notKept,
        checks: this.checks,
      },
    };
  }

  private dashboardLevelNotKept(d: DashboardJson): void {
    const panels = flatPanels(d.panels ?? []).filter((p) => p.type !== 'row');
    const versioned = panels.filter((p) => p.pluginVersion !== undefined).length;
    if (versioned)
      this.notKept.push(
        `pluginVersion of ${versioned} panels: Grafana migrates a panel's options on load, the kit's carry none`,
      );
    if (panels.some((p) => p.id !== undefined))
      this.notKept.push(
        `panel ids: the kit numbers panels 1, 2, ... in order${JSON.stringify(d).includes('viewPanel=') ? ' (links with viewPanel=<id> need the new ids)' : ''}`,
      );
    if (d.uid)
      this.notKept.push(
        `dashboard uid ${JSON.stringify(d.uid)}: the kit names it <tenant or platform>-${this.o.persona}-${this.o.slug}`,
      );
    const kitDecides: Record<string, string> = {
      refresh: "the persona's refresh interval applies",
      timezone: 'the kit shows UTC',
      graphTooltip: 'the kit shares the crosshair',
      editable: 'definitions are edited as code',
    };
    for (const [field, why] of Object.entries(kitDecides))
      if (d[field] !== undefined) this.notKept.push(`dashboard ${field} ${JSON.stringify(d[field])}: ${why}`);
    const annotations = (isRecord(d.annotations) && Array.isArray(d.annotations.list) ? d.annotations.list : []).filter(
      (a) => !(isRecord(a) && a.builtIn === 1),
    );
    for (const a of annotations)
      this.notKept.push(
        `annotation ${JSON.stringify(isRecord(a) ? (a.name ?? '') : '')}: the kit has no annotations (add it by hand)`,
      );
  }

  // ---- layout: panels before the first row, then rows (collapsed rows hold theirs)

  private layout(panels: readonly PanelJson[]): { top: Code[]; rows: Code[] } {
    const top: PanelPlan[] = [];
    const sections: Array<{ row: PanelJson; panels: PanelPlan[] }> = [];
    for (const p of panels) {
      if (!isRecord(p)) continue;
      if (isRepeatClone(p)) {
        this.notKept.push(
          `a copy of repeated ${p.type === 'row' ? 'row' : 'panel'} ${JSON.stringify(p.title ?? '')}: Grafana makes the copies`,
        );
        continue;
      }
      if (p.type === 'row') {
        const section = { row: p, panels: [] as PanelPlan[] };
        sections.push(section);
        // A row's own panels (an open row rarely keeps any: those follow it in the list).
        for (const inner of p.panels ?? []) {
          if (isRepeatClone(inner))
            this.notKept.push(
              `a copy of repeated panel ${JSON.stringify(inner.title ?? '')}: Grafana makes the copies`,
            );
          else section.panels.push(this.panel(inner));
        }
        continue;
      }
      (sections.at(-1)?.panels ?? top).push(this.panel(p));
    }
    // Placed as the kit will place them: a position, size or row line is said only where the flow differs.
    let flow = new kit.GridFlow(0);
    const topCode = top.map((p) => this.placed(p, flow));
    const rows = sections.map(({ row: r, panels: inner }) => {
      const y = r.gridPos?.y;
      const rowY = y ?? flow.bottom;
      const rowFlow = new kit.GridFlow(rowY + 1);
      const code = call(
        '@plotwatch/grafana',
        'row',
        r.title ?? '',
        inner.map((p) => this.placed(p, rowFlow)),
        {
          collapsed: r.collapsed ? true : undefined,
          repeat: typeof r.repeat === 'string' && r.repeat ? r.repeat : undefined,
          y: y !== undefined && y !== flow.bottom ? y : undefined,
        },
      );
      flow = r.collapsed ? new kit.GridFlow(rowY + 1) : rowFlow;
      return code;
    });
    return { top: topCode, rows };
  }

  /** A panel's code with the place and size the flow would not give it; the flow moves on past it. */
  private placed(p: PanelPlan, flow: kit.GridFlow): Code {
    const pos = p.gridPos;
    if (p.raw) {
      // The kit places a raw panel where its JSON says.
      flow.place({
        title: p.title,
        width: pos?.w ?? p.defaultSize.w,
        height: pos?.h ?? p.defaultSize.h,
        position: pos ? { x: pos.x, y: pos.y } : undefined,
      });
      return p.value({});
    }
    const w = pos?.w ?? p.defaultSize.w;
    const h = pos?.h ?? p.defaultSize.h;
    const next = flow.next(w);
    const position = pos && (next.x !== pos.x || next.y !== pos.y) ? { x: pos.x, y: pos.y } : undefined;
    flow.place({ title: p.title, width: w, height: h, position });
    return p.value({
      ...(position ? { position } : {}),
      ...(w !== p.defaultSize.w ? { width: w } : {}),
      ...(h !== p.defaultSize.h ? { height: h } : {}),
    });
  }

  // ---- panels

  private panel(p: PanelJson): PanelPlan {
    if (p.libraryPanel)
      return this.rawPanel(
        p,
        `a library panel ("${p.libraryPanel.name ?? p.libraryPanel.uid ?? ''}"): its model lives in Grafana, not in the dashboard`,
      );
    const preset = PRESETS[p.type ?? ''];
    if (!preset) return this.rawPanel(p, `the ${p.type ?? 'untyped'} plugin has no preset`);
    const targets = p.targets ?? [];
    const foreign = targets.filter((t) => !isPromTarget(t, p) || typeof t.expr !== 'string');
    if (foreign.length)
      return this.rawPanel(p, `queries of another datasource than Prometheus (${describeDatasource(foreign[0]!, p)})`);
    return this.presetPanel(p, preset);
  }

  private rawPanel(p: PanelJson, reason: string): PanelPlan {
    const { id: _id, ...rest } = p;
    // A library panel's reference has no type (Grafana takes the library panel's); the kit's JSON needs one.
    const json = this.rebaseDatasources({ type: '', ...rest, ...withRefIds(p) }) as Omit<PanelJson, 'id'>;
    const title = p.title ?? '';
    // `null` is how Grafana writes "the default datasource" (a text panel's, which queries nothing):
    // the schema takes a ref or nothing, which Grafana reads the same.
    if (json.datasource === null) delete json.datasource;
    // A raw panel of a plugin the build checks: the same check as a preset's raw fields, and the options
    // its schema requires as Grafana fills them on load.
    for (const d of leaveOutSchemaDrift({ type: String(json.type) }, json as Record<string, unknown>))
      this.notKept.push(`panel ${JSON.stringify(title)}: ${describeDrift(d)}`);
    withRequiredOptions(json);
    this.keptRaw.push({ title, reason });
    if (this.o.scope === 'tenant')
      for (const t of p.targets ?? [])
        if (!isPromTarget(t, p))
          this.unscoped.push(
            `panel ${JSON.stringify(title)}: a ${describeDatasource(t, p)} query, kept as written: filter it to the tenant by hand`,
          );
    // Its queries still read the tenant's series: the tenant matcher, as in any query.
    const kept = this.o.scope === 'tenant' ? this.scopedRawJson(json) : json;
    const value = call('@plotwatch/grafana', 'rawPanel', { title, reason, json: kept as Value });
    return { title, gridPos: p.gridPos, raw: true, value: () => value, defaultSize: { w: 12, h: 8 } };
  }

  /**
   * References to the original's Prometheus datasource variable (`${DS_PROMETHEUS}`) as the kit's
   * `${datasource}`: the original variable is gone, the kit's stands for it.
   */
  private rebaseDatasources(value: unknown, key = ''): unknown {
    const name = this.datasourceVariable;
    const isOld = (v: unknown) =>
      name !== undefined && (v === `$${name}` || v === `\${${name}}` || v === `[[${name}]]`);
    const kit = { type: 'prometheus', uid: '${datasource}' };
    if (key === 'datasource') {
      // Any Prometheus, by variable or by uid: the kit's datasource is the tenant's (its own Mimir in mimir mode).
      if (isOld(value)) return kit;
      if (isRecord(value) && (isOld(value.uid) || value.type === 'prometheus')) return { ...value, ...kit };
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => this.rebaseDatasources(v));
    if (isRecord(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.rebaseDatasources(v, k)]));
    return value;
  }

  /** A raw panel's Prometheus queries with the tenant's matcher; its other fields as they were. */
  private scopedRawJson(json: Omit<PanelJson, 'id'>): Value {
    if (!Array.isArray(json.targets)) return json as Value;
    const targets = json.targets.map((t) => {
      if (typeof t.expr !== 'string' || !isPromTarget(t, json)) return t as Value;
      const r = this.rewrite(t.expr, t.legendFormat ?? '', `panel ${JSON.stringify(json.title ?? '')}`);
      return { ...(t as Record<string, Value>), expr: this.exprValue(r.pieces) };
    });
    return { ...(json as Record<string, Value>), targets };
  }

  private presetPanel(p: PanelJson, preset: Preset): PanelPlan {
    const title = p.title ?? '';
    const defaults = p.fieldConfig?.defaults ?? {};
    const graph = p.type === 'graph' ? graphAxes(p) : undefined;
    const unitId = preset === 'heatmapPanel' ? heatmapUnit(p) : (graph?.unit ?? defaults.unit);
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    const thresholds = thresholdSteps(defaults.thresholds);
    const thresholdMode = defaults.thresholds?.mode === 'percentage' ? 'percentage' : 'absolute';
    const states = preset === 'stateTimelinePanel' ? stateMappings(defaults.mappings) : undefined;
    const dataLinks = (defaults.links ?? []).filter((l) => typeof l.url === 'string').map(linkValue);
    const links = (p.links ?? []).filter((l) => typeof l.url === 'string').map(linkValue);
    const stacked =
      preset === 'timeseriesPanel' &&
      (graph ? graph.stacked : isRecord(defaults.custom?.stacking) && defaults.custom.stacking.mode === 'normal');
    const pos = p.gridPos;
    const repeat =
      typeof p.repeat === 'string' && p.repeat
        ? {
            variable: p.repeat,
            direction: p.repeatDirection,
            maxPerRow: typeof p.maxPerRow === 'number' ? p.maxPerRow : undefined,
          }
        : undefined;
    // What the kit is given, evaluated: building it tells which of the original's fields the preset leaves out.
    const evaluated = {
      title,
      description: p.description ?? '',
      ...(unitId ? { unit: unitId as kit.PanelUnit } : {}),
      min: num(graph ? graph.min : defaults.min),
      max: num(graph ? graph.max : defaults.max),
      decimals: num(defaults.decimals),
      ...(thresholds ? { thresholds: kit.stepThresholds(thresholds, thresholdMode) } : {}),
      ...(dataLinks.length ? { dataLinks: dataLinks.map((l) => ({ ...l })) } : {}),
      ...(links.length ? { links: links.map((l) => ({ ...l })) } : {}),
      ...(repeat ? { repeat } : {}),
      queries: [],
    };
    const built = buildPreset(preset, { ...evaluated, ...(stacked ? { stacked } : {}), ...(states ? { states } : {}) });
    const raw: Record<string, unknown> = {};
    for (const field of RAW_FIELDS) {
      if (!(field in p) || p[field] === null) continue;
      const d = rawDiff(p[field], (built as Record<string, unknown>)[field]);
      // A copy: what is left out below must not be left out of the original too.
      if (d !== undefined) raw[field] = structuredClone(d);
    }
    // A unit the preset sets where the original had none (a heatmap's per-second field): Grafana's '' is none.
    const builtDefaults = (built as PanelJson).fieldConfig?.defaults ?? {};
    const fieldUnit = preset === 'heatmapPanel' ? defaults.unit : unitId;
    // A graph's unit is its left axis' (as Grafana migrates it), whatever its field config says.
    if (graph && isRecord(raw.fieldConfig) && isRecord(raw.fieldConfig.defaults)) {
      const { unit: _unit, ...rest } = raw.fieldConfig.defaults;
      raw.fieldConfig = Object.keys(rest).length
        ? { ...raw.fieldConfig, defaults: rest }
        : withoutKey(raw.fieldConfig, 'defaults');
      if (!Object.keys(raw.fieldConfig as object).length) delete raw.fieldConfig;
    }
    if (!fieldUnit && builtDefaults.unit) {
      const fieldConfig = isRecord(raw.fieldConfig) ? raw.fieldConfig : {};
      const rawDefaults = isRecord(fieldConfig.defaults) ? fieldConfig.defaults : {};
      raw.fieldConfig = { ...fieldConfig, defaults: { ...rawDefaults, unit: '' } };
    }
    // Fields of older Grafana that mean nothing to the preset's plugin: named, not carried.
    const stale: Array<[string[], string]> = [
      ...(graph
        ? [[['options'], "the graph panel's options (the time series preset sets its own)"] as [string[], string]]
        : []),
      [['fieldConfig', 'defaults', 'nullValueMode'], "Grafana 6's null handling"],
      [['options', 'fieldOptions'], "Grafana 7.0's field options, which reduceOptions replaced"],
    ];
    for (const [path, why] of stale)
      if (dropPath(raw, path)) this.notKept.push(`panel ${JSON.stringify(title)}: ${path.join('.')} (${why})`);
    // Options of another Grafana version than the build's: Grafana migrates or ignores them on load,
    // the build's schema check refuses them.
    for (const d of leaveOutSchemaDrift(built as PanelJson, raw))
      this.notKept.push(`panel ${JSON.stringify(title)}: ${describeDrift(d)}`);
    const rawPaths = leafPaths(raw, 3);
    const notModelled = Object.keys(p).filter((k) => !MODELLED_PANEL_FIELDS.has(k) && p[k] !== undefined);
    if (notModelled.length)
      this.notKept.push(
        `panel "${title}": ${notModelled.join(', ')} (${p.type === 'graph' ? 'legacy graph styling: Grafana migrates graph panels to time series' : 'no place in a preset panel'})`,
      );
    if (p.type === 'graph') this.notKept.push(`panel "${title}": the graph panel becomes a time series panel`);
    const queries = (p.targets ?? []).map((t, i) => this.query(t, i, preset, title));
    const unit: Value = unitId
      ? UNIT_NAMES.has(unitId)
        ? code(`units.${UNIT_NAMES.get(unitId)}`, grafana('units'))
        : call('@plotwatch/grafana', 'customUnit', unitId)
      : undefined;
    const options: Record<string, Value> = {
      title,
      description: p.description ?? '',
      unit,
      min: evaluated.min,
      max: evaluated.max,
      decimals: evaluated.decimals,
      thresholds: thresholds
        ? call(
            '@plotwatch/grafana',
            'stepThresholds',
            thresholds.map((s) => ({ ...s })),
            thresholdMode === 'percentage' ? 'percentage' : undefined,
          )
        : undefined,
      stacked: stacked ? true : undefined,
      states: states ? states.map((s) => ({ ...s })) : undefined,
      repeat: repeat
        ? { variable: repeat.variable, direction: repeat.direction, maxPerRow: repeat.maxPerRow }
        : undefined,
      links: links.length ? links : undefined,
      dataLinks: dataLinks.length ? dataLinks : undefined,
      queries,
      raw: rawPaths.length
        ? commented(`What ${preset} does not set, as the original panel had it.`, raw as Value)
        : undefined,
    };
    this.converted.push({ title, preset, raw: rawPaths });
    return {
      title,
      gridPos: pos,
      raw: false,
      defaultSize: { w: kit.PRESET_SIZES[preset].width, h: kit.PRESET_SIZES[preset].height },
      // The place and size go after the panel's looks, before its queries, as the repository writes them.
      value: (place) => {
        const { queries: q, raw: r, links: l, dataLinks: dl, repeat: rp, ...head } = options;
        return call('@plotwatch/grafana', preset, {
          ...head,
          ...place,
          repeat: rp,
          links: l,
          dataLinks: dl,
          queries: q,
          raw: r,
        });
      },
    };
  }

  private query(t: TargetJson, index: number, preset: Preset, panelTitle: string): Code {
    const legend = t.legendFormat ?? '';
    const r = this.rewrite(t.expr ?? '', legend, `panel ${JSON.stringify(panelTitle)}`);
    const extra = Object.keys(t).filter((k) => !MODELLED_TARGET_FIELDS.has(k) && t[k] !== undefined);
    if (extra.length) this.notKept.push(`panel "${panelTitle}", query ${t.refId ?? index}: ${extra.join(', ')}`);
    const expected = String.fromCharCode(65 + index);
    if (t.refId && t.refId !== expected)
      this.notKept.push(`panel "${panelTitle}": query ${t.refId} is ${expected} (the kit numbers queries in order)`);
    const shape = PRESET_SHAPE[preset];
    const instant = t.instant === true && t.range !== true;
    const format = typeof t.format === 'string' ? t.format : 'time_series';
    const options: Record<string, Value> = {
      instant: instant !== shape.instant ? instant : undefined,
      format: format !== shape.format && ['time_series', 'table', 'heatmap'].includes(format) ? format : undefined,
      interval: typeof t.interval === 'string' && t.interval ? t.interval : undefined,
      hide: t.hide === true ? true : undefined,
      exemplars: t.exemplar === true ? true : undefined,
    };
    const hasOptions = Object.values(options).some((v) => v !== undefined);
    return call('@plotwatch/grafana', 'query', this.exprValue(r.pieces), legend, hasOptions ? options : undefined);
  }

  private rewrite(expr: string, legend: string, where: string): RewrittenExpr {
    const r = rewriteExpr(expr, { scope: this.o.scope, tenantLabel: this.tenantLabel }, legend);
    // The build checks panels' queries; a variable's query is Grafana's to run, not Prometheus's.
    if (!where.startsWith('variable ')) this.lintBuilt(r, where);
    this.queries = { total: this.queries.total + 1, rewritten: this.queries.rewritten + (r.rewritten ? 1 : 0) };
    for (const m of r.metrics) this.metrics.set(m.name, [...(this.metrics.get(m.name) ?? []), m]);
    for (const s of r.unscoped) this.unscoped.push(`${where}: ${s}`);
    return r;
  }

  /** The build's checks on the expression as the definition builds it (for a stand-in tenant). */
  private lintBuilt(r: RewrittenExpr, where: string): void {
    const tenant = this.o.scope === 'tenant' ? LINT_TENANT : undefined;
    const built = exprFor(r.pieces, tenant, this.tenantLabel);
    const recorded = new Set(r.metrics.map((m) => m.name).filter((n) => n.includes(':')));
    const findings = lint(built, {
      origin: 'dashboard',
      ...(tenant ? { tenant } : {}),
      scrapeIntervalSeconds: (parseDuration(environment('prod').scrapeInterval) ?? 30_000) / 1000,
      recorded,
    });
    for (const f of findings) {
      // Unknown metrics have their catalog entries above; recordings are the rule files' to produce.
      if (f.check === 'promql/unknown-metric' || f.check === 'promql/unproduced-recording') continue;
      const message = f.message.replaceAll(LINT_TENANT, '<tenant>');
      if (!this.checks.some((c) => c.where === where && c.message === message))
        this.checks.push({ where, message, check: f.check });
    }
  }

  /** An expression as code: a string when it is literal, a template literal with references otherwise. */
  private exprValue(pieces: readonly Piece[]): Value {
    if (pieces.every((p) => p.kind === 'text')) return pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    const imports: Array<ReturnType<typeof grafana>> = [];
    const parts = pieces.map((p) => {
      if (p.kind === 'text') return templateText(p.text);
      if (p.kind === 'tenant') return '${ctx.tenant.id}';
      const scope = this.o.scope === 'tenant' ? code('scope') : code('PLATFORM_SCOPE', platform('PLATFORM_SCOPE'));
      // A plain selector is a reference the renderer names once when it is used more than once.
      if (!p.matchers.length) {
        imports.push(...scope.imports, platform('selector'));
        return `\${${seriesReference(p.metric)}}`;
      }
      const c = call('@plotwatch/platform', 'selector', p.metric, scope, matchersValue(p.matchers));
      imports.push(...c.imports);
      return `\${${c.text}}`;
    });
    return { kind: 'code', text: `\`${parts.join('')}\``, imports };
  }

  // ---- variables and links

  private variable(v: VariableJson): Value[] {
    const name = v.name ?? '';
    const kept = this.variableBody(v);
    // Fields the kit's builders do not take, when they say anything (not Grafana's empty defaults).
    const raw = this.variables.at(-1)?.as.startsWith('raw') ?? false;
    if (kept.length && !raw) {
      const extra = Object.keys(v).filter((k) => !VARIABLE_FIELDS.has(k) && !isUnset(v[k]) && v[k] !== false);
      if (extra.length) this.notKept.push(`variable ${name}: ${extra.join(', ')}`);
      const current = v.current?.value;
      if (!isUnset(current ?? null) && current !== '$__all' && !(Array.isArray(current) && current[0] === '$__all'))
        this.notKept.push(
          `variable ${name}: its selected value ${JSON.stringify(current)} (Grafana selects the first)`,
        );
    }
    return kept;
  }

  private variableBody(v: VariableJson): Value[] {
    const name = v.name ?? '';
    const common = {
      name,
      label: v.label ? v.label : undefined,
      description: v.description ? v.description : undefined,
      hide: v.hide ? HIDE[v.hide] : undefined,
    };
    const multi = {
      multi: v.multi ? true : undefined,
      includeAll: v.includeAll ? true : undefined,
      allValue: typeof v.allValue === 'string' && v.allValue ? v.allValue : undefined,
    };
    const raw = (reason: string): Value[] => {
      this.variables.push({ name, as: `raw (${reason})` });
      return [call('@plotwatch/grafana', 'rawVariable', this.rebaseDatasources(stripState(v)) as Value, reason)];
    };
    const as = (what: string) => this.variables.push({ name, as: what });
    switch (v.type) {
      case 'datasource':
        if (v.query === 'prometheus' && !this.variables.some((x) => x.as.startsWith("the kit's datasource"))) {
          as("the kit's datasource variable");
          return [];
        }
        return raw(`a ${String(v.query)} datasource variable: the kit's panels query its own datasource variable`);
      case 'query': {
        if (this.tenantVariables.has(name)) {
          as("the kit's fixed tenant variable");
          return [];
        }
        const query = queryText(v);
        const expr = variableExpr(query);
        let queryValue: Value = query;
        if (expr !== undefined) {
          const r = this.rewrite(expr, '', `variable ${name}`);
          const rewritten = this.exprValue(r.pieces);
          const start = query.indexOf(expr);
          const before = templateText(query.slice(0, start));
          const after = templateText(query.slice(start + expr.length));
          queryValue =
            typeof rewritten === 'string'
              ? query
              : { ...(rewritten as Code), text: `\`${before}${(rewritten as Code).text.slice(1, -1)}${after}\`` };
        }
        as('queryVariable');
        return [
          call('@plotwatch/grafana', 'queryVariable', {
            ...common,
            query: queryValue,
            regex: v.regex ? v.regex : undefined,
            ...multi,
            refresh: v.refresh !== undefined && v.refresh !== 1 ? REFRESH[v.refresh] : undefined,
            sort: v.sort ? SORT[v.sort] : undefined,
          }),
        ];
      }
      case 'custom':
        if (this.tenantVariables.has(name)) {
          as("the kit's fixed tenant variable");
          return [];
        }
        as('customVariable');
        return [
          call('@plotwatch/grafana', 'customVariable', { ...common, values: customValues(queryText(v)), ...multi }),
        ];
      case 'interval':
        as('intervalVariable');
        return [
          call('@plotwatch/grafana', 'intervalVariable', {
            ...common,
            values: queryText(v)
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            auto: v.auto ? true : undefined,
            autoCount: typeof v.auto_count === 'number' && v.auto ? v.auto_count : undefined,
            autoMin: typeof v.auto_min === 'string' && v.auto ? v.auto_min : undefined,
          }),
        ];
      case 'textbox':
        if (this.tenantVariables.has(name)) {
          as("the kit's fixed tenant variable");
          return [];
        }
        as('textboxVariable');
        return [call('@plotwatch/grafana', 'textboxVariable', { ...common, value: queryText(v) || undefined })];
      case 'constant':
        if (this.tenantVariables.has(name)) {
          as("the kit's fixed tenant variable");
          return [];
        }
        as('constantVariable');
        return [
          call('@plotwatch/grafana', 'constantVariable', {
            name,
            value: queryText(v),
            label: common.label,
            description: common.description,
          }),
        ];
      default:
        return raw(`a ${v.type ?? 'untyped'} variable has no kit builder`);
    }
  }

  private dashboardLink(l: LinkJson, index: number): Value[] {
    const common = {
      title: l.title ?? '',
      tooltip: l.tooltip ? l.tooltip : undefined,
      icon: l.icon && l.icon !== 'external link' ? l.icon : undefined,
      targetBlank: l.targetBlank ? true : undefined,
      includeVars: l.includeVars ? true : undefined,
      keepTime: l.keepTime ? true : undefined,
    };
    if (l.type === 'dashboards')
      return [
        call('@plotwatch/grafana', 'taggedDashboardsLink', {
          ...common,
          tags: l.tags ?? [],
          asDropdown: l.asDropdown ? true : undefined,
        }),
      ];
    if (typeof l.url === 'string') return [call('@plotwatch/grafana', 'dashboardLink', { ...common, url: l.url })];
    this.notKept.push(
      `dashboard link ${index} (${JSON.stringify(l.title ?? '')}): a link of type ${l.type} without a url`,
    );
    return [];
  }
}

/**
 * Targets with the refIds Grafana gives them on load (A, B, ... in order, skipping those taken),
 * and Prometheus queries of the default datasource on the kit's: a raw panel's queries as Grafana runs them.
 */
function withRefIds(p: PanelJson): Partial<PanelJson> {
  if (!Array.isArray(p.targets)) return {};
  const taken = new Set(p.targets.map((t) => t.refId).filter(Boolean));
  let next = 0;
  const targets = p.targets.map((t) => {
    const defaulted =
      (t.datasource === undefined || t.datasource === null) && (p.datasource === undefined || p.datasource === null);
    const out: TargetJson =
      defaulted && typeof t.expr === 'string' ? { ...t, datasource: { type: 'prometheus', uid: '${datasource}' } } : t;
    if (out.refId) return out;
    while (taken.has(String.fromCharCode(65 + next))) next++;
    const refId = String.fromCharCode(65 + next++);
    taken.add(refId);
    return { ...out, refId };
  });
  return { targets };
}

/** A key the build's schema refuses, left out: where (`options.tooltip.show`), in which plugin, and why. */
export interface SchemaDrift {
  readonly path: readonly string[];
  readonly plugin: string;
  /** Whether the plugin has no such option (`additionalProperties`), rather than another shape for it. */
  readonly unknown: boolean;
  /** The schema's words (`must be number`). */
  readonly message: string;
}

export function describeDrift(d: SchemaDrift): string {
  const what = d.unknown ? `not an option of ${d.plugin}` : `not a value ${d.plugin} takes there`;
  return `${d.path.join('.')} (${what} in the Grafana version the build targets: ${d.message})`;
}

/** Where the build's schema check looks in a panel, by the name its messages give. */
const CHECKED_SECTIONS: Readonly<Record<string, readonly string[]>> = {
  options: ['options'],
  'fieldConfig.defaults.custom': ['fieldConfig', 'defaults', 'custom'],
};
const PROBE_FINDING = /^panel 1 "" (options|fieldConfig\.defaults\.custom)(\/.*?) (must .*)$/s;
const ADDITIONAL = /^must NOT have additional properties \((.*)\)$/s;

/**
 * Leaves out of `raw` (mutated) the keys of its `options` and `fieldConfig.defaults.custom` that the
 * build's schema check (the kit's `dashboardSchemaErrors`) refuses in the panel `raw` builds over
 * `base` (the preset's panel; a raw panel's JSON is all `raw`): plugin options of another Grafana
 * version. Only what `raw` says is left out; what the preset sets is the kit's. Returns what was.
 */
export function leaveOutSchemaDrift(base: PanelJson, raw: Record<string, unknown>): SchemaDrift[] {
  const plugin = String(raw.type ?? base.type ?? '');
  if (!kit.CHECKED_PANEL_TYPES.includes(plugin)) return [];
  const left: SchemaDrift[] = [];
  // Each round leaves out the outermost refused keys; what they held is not checked again.
  for (let round = 0; round < 8; round++) {
    const panel = { ...kit.mergeRawFields(base, raw), id: 1, title: '', targets: [] };
    const findings = kit.dashboardSchemaErrors({ panels: [panel] }).flatMap((finding) => {
      const m = PROBE_FINDING.exec(finding);
      if (!m) return [];
      const pointer = m[2]!.split('/').slice(1).filter(Boolean);
      const path = [...CHECKED_SECTIONS[m[1]!]!, ...pointer.map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'))];
      const extra = ADDITIONAL.exec(m[3]!);
      return [{ path: extra ? [...path, extra[1]!] : path, unknown: Boolean(extra), message: m[3]! }];
    });
    const outermost = findings
      .map((f) => ({ ...f, path: droppable(raw, f.path) }))
      .filter((f): f is typeof f & { path: string[] } => f.path !== undefined);
    const paths = [...new Map(outermost.map((f) => [f.path.join('\u0000'), f.path])).values()].filter(
      (path) => !outermost.some((o) => o.path.length < path.length && isPrefix(o.path, path)),
    );
    if (!paths.length) break;
    for (const path of paths) {
      const at = outermost.filter((f) => isPrefix(path, f.path) && f.path.length === path.length);
      const messages = [...new Set(at.map((f) => (f.unknown ? 'must NOT have additional properties' : f.message)))];
      dropPath(raw, path);
      left.push({ path, plugin, unknown: at.some((f) => f.unknown), message: messages.join('; ') });
    }
  }
  return left;
}

/**
 * The part of `path` that `raw` holds and may lose: up to an array (whose items are not left out
 * one by one), never a checked section itself. Undefined when `raw` does not say it (the preset does).
 */
function droppable(raw: Record<string, unknown>, path: readonly string[]): string[] | undefined {
  let at: unknown = raw;
  for (let i = 0; i < path.length; i++) {
    if (!isRecord(at) || !(path[i]! in at)) return undefined;
    const next = at[path[i]!];
    if (Array.isArray(next)) return i + 1 > sectionDepth(path) ? path.slice(0, i + 1) : undefined;
    at = next;
  }
  return path.length > sectionDepth(path) ? [...path] : undefined;
}

function sectionDepth(path: readonly string[]): number {
  return path[0] === 'options' ? 1 : 3;
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => path[i] === k);
}

/**
 * The options a plugin's schema requires, as Grafana fills them when a panel was saved without them
 * (an older editor's): the raw panel shows as it did. Only the plugins whose raw panels need it so far.
 */
const REQUIRED_OPTION_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  timeseries: {
    legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] },
    tooltip: { mode: 'single', sort: 'none' },
  },
};

function withRequiredOptions(json: Record<string, unknown>): void {
  const defaults = REQUIRED_OPTION_DEFAULTS[String(json.type)];
  if (!defaults) return;
  const options = isRecord(json.options) ? json.options : {};
  const missing = Object.entries(defaults).filter(([k]) => !(k in options));
  if (missing.length) json.options = { ...options, ...Object.fromEntries(structuredClone(missing)) };
}

/** Removes `path` from `o` (and objects it leaves empty); whether there was anything there. */
function dropPath(o: Record<string, unknown>, path: readonly string[]): boolean {
  const [key, ...rest] = path;
  if (key === undefined || !(key in o)) return false;
  if (rest.length === 0) {
    delete o[key];
    return true;
  }
  const inner = o[key];
  if (!isRecord(inner) || !dropPath(inner, rest)) return false;
  if (!Object.keys(inner).length) delete o[key];
  return true;
}

function withoutKey(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _omitted, ...rest } = o;
  return rest;
}

/** A copy Grafana made of a repeated panel or row when it saved the dashboard: it makes them again. */
export function isRepeatClone(p: PanelJson): boolean {
  return (
    Boolean(p.repeatPanelId) ||
    Boolean(p.repeatedByRow) ||
    (p.repeatIteration !== undefined && p.repeatIteration !== null && !p.repeat)
  );
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function panelTitles(panels: readonly PanelJson[]): string[] {
  return panels.filter((p) => isRecord(p) && p.type !== 'row' && p.title).map((p) => p.title!);
}

function rowTitles(panels: readonly PanelJson[]): string[] {
  return panels.filter((p) => isRecord(p) && p.type === 'row' && p.title).map((p) => p.title!);
}

function flatPanels(panels: readonly PanelJson[]): PanelJson[] {
  return panels.flatMap((p) => (isRecord(p) ? [p, ...flatPanels(p.panels ?? [])] : []));
}

function isKnown(name: string): boolean {
  // Recorded series (`level:metric:operations`) come from rule files, not the catalog.
  return name.includes(':') || catalogHas(name);
}

function catalogHas(name: string): boolean {
  return findMetric(name) !== undefined;
}

function describeDatasource(t: TargetJson, p: PanelJson): string {
  const ref = t.datasource ?? p.datasource;
  if (typeof ref === 'string') return ref;
  if (isRecord(ref)) return String(ref.type ?? ref.uid ?? 'unknown');
  return 'a query without an expression';
}

function linkValue(l: LinkJson): { title: string; url: string; tooltip?: string; targetBlank?: boolean } {
  return {
    title: l.title ?? '',
    url: l.url ?? '',
    ...(l.tooltip ? { tooltip: l.tooltip } : {}),
    // The kit opens links in a new tab unless told otherwise.
    ...(l.targetBlank ? {} : { targetBlank: false }),
  };
}

function matchersValue(matchers: ReadonlyArray<readonly [string, MatcherValue]>): Value {
  return Object.fromEntries(matchers.map(([label, value]) => [label, value as Value]));
}

function thresholdSteps(t: unknown): Array<{ value: number | null; color: string }> | undefined {
  if (!isRecord(t) || !Array.isArray(t.steps) || !t.steps.length) return undefined;
  return t.steps.map((s: { value?: unknown; color?: unknown }) => ({
    value: typeof s.value === 'number' ? s.value : null,
    color: String(s.color ?? ''),
  }));
}

/** Value mappings a state timeline's `states` can say: one value -> text (and colour) each. */
function stateMappings(mappings: unknown): Array<{ value: number; text: string; color: string }> {
  if (!Array.isArray(mappings)) return [];
  const states: Array<{ value: number; text: string; color: string; index: number }> = [];
  for (const m of mappings) {
    if (!isRecord(m) || m.type !== 'value' || !isRecord(m.options)) return [];
    for (const [value, result] of Object.entries(m.options)) {
      if (!isRecord(result) || !/^-?\d+(\.\d+)?$/.test(value)) return [];
      states.push({
        value: Number(value),
        text: String(result.text ?? value),
        color: String(result.color ?? ''),
        index: typeof result.index === 'number' ? result.index : states.length,
      });
    }
  }
  return states.sort((a, b) => a.index - b.index).map(({ value, text, color }) => ({ value, text, color }));
}

function graphAxes(p: PanelJson): { unit?: string; min?: number; max?: number; stacked: boolean } {
  const axes = Array.isArray(p.yaxes) ? (p.yaxes as Array<Record<string, unknown>>) : [];
  const left = axes[0] ?? {};
  const number = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : Number(v));
  return {
    unit: typeof left.format === 'string' ? left.format : undefined,
    min: number(left.min),
    max: number(left.max),
    stacked: p.stack === true,
  };
}

/** A heatmap's unit is its y axis' (the buckets'), as the preset takes it. */
function heatmapUnit(p: PanelJson): string | undefined {
  const yAxis = isRecord(p.options?.yAxis) ? p.options.yAxis : {};
  return typeof yAxis.unit === 'string' && yAxis.unit ? yAxis.unit : undefined;
}

function customValues(query: string): string[] {
  // Grafana splits on commas not escaped with a backslash.
  return (query.match(/(?:\\,|[^,])+/g) ?? []).map((v) => v.trim().replaceAll('\\,', ',')).filter(Boolean);
}

/** A variable without its state (current value, options): Grafana recomputes them. */
function stripState(v: VariableJson): Record<string, unknown> {
  const { current: _current, options: _options, ...rest } = v;
  return { ...rest, name: v.name ?? '', type: v.type ?? '' };
}

function buildPreset(preset: Preset, o: Record<string, unknown>): unknown {
  const options = o as unknown as kit.TimeseriesOptions & kit.StateTimelineOptions;
  const presets: Record<Preset, (o: kit.TimeseriesOptions & kit.StateTimelineOptions) => kit.KitPanel> = {
    timeseriesPanel: kit.timeseriesPanel,
    statPanel: kit.statPanel,
    gaugePanel: kit.gaugePanel,
    barGaugePanel: kit.barGaugePanel,
    tablePanel: kit.tablePanel,
    heatmapPanel: kit.heatmapPanel,
    stateTimelinePanel: (x) => kit.stateTimelinePanel({ ...x, states: x.states ?? [] }),
  };
  return JSON.parse(JSON.stringify(presets[preset](options).builder.build()));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * What `raw` must hold for the kit's merge (objects key by key, the rest replaced) to give back
 * `original` over `base`. Keys the preset sets and the original lacks stay the preset's: styling.
 */
export function rawDiff(original: unknown, base: unknown): unknown {
  if (deepEqual(original, base)) return undefined;
  // An array the preset built item for item, with more fields (a data link's defaults): nothing to say.
  if (Array.isArray(original) && Array.isArray(base) && original.length === base.length)
    return original.every((x, i) => rawDiff(x, base[i]) === undefined) ? undefined : original;
  if (isRecord(original) && isRecord(base)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(original)) {
      // `null`, `''`, `[]` and `{}` are how Grafana writes "not set" (timeFrom, mappings, text): nothing to carry.
      if (base[k] === undefined && isUnset(v)) continue;
      const d = rawDiff(v, base[k]);
      if (d !== undefined) out[k] = d;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return original;
}

function isUnset(v: unknown): boolean {
  return v === null || v === '' || (Array.isArray(v) && !v.length) || (isRecord(v) && !Object.keys(v).length);
}

/** `options.legend`, `fieldConfig.overrides`: the paths of a raw object, `depth` deep at most. */
function leafPaths(value: unknown, depth: number, prefix = ''): string[] {
  if (!isRecord(value) || depth === 0 || !Object.keys(value).length) return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, depth - 1, prefix ? `${prefix}.${k}` : k));
}

export type { MissingMetric };
