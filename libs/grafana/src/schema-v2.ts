import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  AnnotationQueryBuilder,
  ConstantVariableBuilder,
  DashboardAPIVersion,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardKind,
  DashboardLinkBuilder,
  DashboardLinkPlacement,
  DashboardLinkType,
  DataLinkBuilder,
  DatasourceVariableBuilder,
  GridBuilder,
  gridItem,
  IntervalVariableBuilder,
  LibraryPanelBuilder,
  LibraryPanelRefBuilder,
  PanelBuilder,
  CustomVariableBuilder,
  QueryVariableBuilder,
  TextVariableBuilder,
  QueryGroupBuilder,
  QueryOptionsSpecBuilder,
  RepeatOptionsBuilder,
  RowRepeatOptionsBuilder,
  RowBuilder,
  RowsBuilder,
  TargetBuilder,
  TimeSettingsBuilder,
  TransformationBuilder,
  VariableHide,
  VariableRefresh,
  VariableSort,
  VizConfigKindBuilder,
  type Dashboard as DashboardV2,
  type DataQueryKind,
  type DataTopic,
  type Element,
  type MatcherConfig,
  type VariableKind,
} from '@grafana/grafana-foundation-sdk/dashboardv2';
import { FolderApiVersion, FolderBuilder, FolderKind } from '@grafana/grafana-foundation-sdk/folderv1';
import { ManifestBuilder, named, type Manifest } from '@grafana/grafana-foundation-sdk/resource';
import type { Folder } from './folders.ts';

/**
 * Classic (schema v1) dashboards -> Grafana's schema v2, with the foundation SDK's `dashboardv2`
 * builders. The input is the JSON form the build writes (and checks) for v1, so both forms come
 * from the same definitions and the same pass that links alerts to panels. Nothing is dropped
 * silently: every field of the classic model is either converted or named here as meaningless in
 * v2 (with why); anything else fails the conversion, naming the dashboard and the field.
 */

/** `dashboard.grafana.app/v2`: the stable dashboard API of Grafana 13 (12.x serves v2 only as v2beta1). */
export const DASHBOARD_V2_API_VERSION = DashboardAPIVersion;
/** `folder.grafana.app/v1`: Grafana 13's folder API (v1beta1 before; the two are aliases). */
export const FOLDER_API_VERSION = FolderApiVersion;
/** Where a resource names its folder: the parent folder's uid. */
export const FOLDER_ANNOTATION = 'grafana.app/folder';

export class DashboardConversionError extends Error {}

interface DatasourceRef {
  type?: string;
  uid?: string;
}
interface ClassicTarget {
  refId?: string;
  datasource?: DatasourceRef;
  hide?: boolean;
  [field: string]: unknown;
}
interface ClassicLink {
  title: string;
  url?: string;
  type?: string;
  icon?: string;
  tooltip?: string;
  tags?: string[];
  asDropdown?: boolean;
  targetBlank?: boolean;
  includeVars?: boolean;
  keepTime?: boolean;
  placement?: string;
}
interface ClassicTransformation {
  id: string;
  options?: unknown;
  disabled?: boolean;
  filter?: MatcherConfig;
  topic?: DataTopic;
}
interface ClassicPanel {
  id?: number;
  type: string;
  title?: string;
  description?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: DatasourceRef;
  targets?: ClassicTarget[];
  links?: ClassicLink[];
  options?: unknown;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  transformations?: ClassicTransformation[];
  transparent?: boolean;
  pluginVersion?: string;
  repeat?: string;
  repeatDirection?: 'h' | 'v';
  maxPerRow?: number;
  collapsed?: boolean;
  panels?: ClassicPanel[];
  interval?: string;
  maxDataPoints?: number;
  timeFrom?: string;
  timeShift?: string;
  hideTimeOverride?: boolean;
  cacheTimeout?: string;
  queryCachingTTL?: number;
  timeCompare?: string;
  libraryPanel?: { uid: string; name: string };
}
interface VariableOption {
  text: string | string[];
  value: string | string[];
  selected?: boolean;
}
interface ClassicVariable {
  type: string;
  name: string;
  label?: string;
  description?: string;
  /** A string, or (a query of a datasource plugin that has its own model) an object. */
  query?: string | Record<string, unknown>;
  datasource?: DatasourceRef;
  definition?: string;
  current?: VariableOption;
  options?: VariableOption[];
  sort?: number;
  auto?: boolean;
  auto_min?: string;
  auto_count?: number;
  hide?: number;
  skipUrlSync?: boolean;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  allowCustomValue?: boolean;
  refresh?: number;
  regex?: string;
}
/** The classic dashboard JSON, as the build writes it for schema v1. */
export interface ClassicDashboard {
  uid: string;
  title: string;
  description?: string;
  tags?: string[];
  editable?: boolean;
  graphTooltip?: number;
  timezone?: string;
  weekStart?: string;
  fiscalYearStartMonth?: number;
  refresh?: string;
  liveNow?: boolean;
  time?: { from: string; to: string };
  timepicker?: { hidden?: boolean; refresh_intervals?: string[]; nowDelay?: string };
  templating?: { list?: ClassicVariable[] };
  annotations?: { list?: unknown[] };
  links?: ClassicLink[];
  panels?: ClassicPanel[];
  schemaVersion?: number;
}

// Every classic field, and what becomes of it. `false`: it has no meaning in v2 (the reason beside it).
const DASHBOARD_FIELDS: Record<string, true | false> = {
  uid: true, // metadata.name of the resource
  title: true,
  description: true,
  tags: true,
  editable: true,
  graphTooltip: true, // cursorSync
  timezone: true,
  weekStart: true,
  fiscalYearStartMonth: true,
  refresh: true, // timeSettings.autoRefresh
  liveNow: true,
  time: true,
  timepicker: true,
  templating: true, // variables
  annotations: true,
  links: true,
  panels: true, // elements + layout
  schemaVersion: false, // the classic model's migration counter; v2 is versioned by its apiVersion
};
const PANEL_FIELDS: Record<string, true | false> = {
  id: true,
  type: true, // vizConfig.group
  title: true,
  description: true,
  gridPos: true, // layout
  datasource: true, // each query's datasource, when the query names none
  targets: true, // data.queries
  links: true,
  options: true,
  fieldConfig: true,
  transformations: true,
  transparent: true,
  pluginVersion: true, // vizConfig.version
  repeat: true,
  maxPerRow: true,
  repeatDirection: true, // with `repeat` only: a direction without a repeat repeats nothing
  interval: true,
  maxDataPoints: true,
  timeFrom: true,
  timeShift: true,
  hideTimeOverride: true,
  cacheTimeout: true,
  queryCachingTTL: true,
  timeCompare: true,
  libraryPanel: true, // a LibraryPanel element, by reference
};
const ROW_FIELDS: Record<string, true | false> = {
  id: false, // rows are layout in v2, not elements: nothing refers to a row's id
  type: true,
  title: true,
  gridPos: true, // y places the row's panels relative to it
  collapsed: true,
  panels: true, // a collapsed row's panels
  repeat: true,
  datasource: false, // a v1 row's default datasource is not read by any panel in it: each panel names its own
};
// Panel links are data links in both models (title, url, targetBlank). The SDK builds ours with
// the dashboard-link builder, whose other fields a panel link never reads in v1 either.
const PANEL_LINK_FIELDS: Record<string, true | false> = {
  title: true,
  url: true,
  targetBlank: true,
  type: false,
  icon: false,
  tooltip: false,
  tags: false,
  asDropdown: false,
  placement: false,
  includeVars: false,
  keepTime: false,
};
const DASHBOARD_LINK_FIELDS: Record<string, true | false> = Object.fromEntries(
  Object.keys(PANEL_LINK_FIELDS).map((k) => [k, true]),
);
// The classic variable model carries the interval variable's auto settings on every variable;
// each kind reads the fields it has in v2 (as Grafana's own conversion does).
const VARIABLE_FIELDS: Record<string, true | false> = {
  type: true,
  name: true,
  label: true,
  description: true,
  query: true,
  datasource: true,
  definition: true,
  current: true,
  options: true,
  hide: true,
  skipUrlSync: true,
  multi: true,
  includeAll: true,
  allValue: true,
  allowCustomValue: true,
  refresh: true,
  regex: true,
  sort: true,
  auto: true,
  auto_min: true,
  auto_count: true,
};
const TRANSFORMATION_FIELDS: Record<string, true | false> = {
  id: true,
  options: true,
  disabled: true,
  filter: true,
  topic: true,
};

/** Fails on a field the conversion does not know: a new classic field must be converted, not lost. */
function known(value: object, fields: Record<string, boolean>, where: string): void {
  for (const key of Object.keys(value)) {
    if (!(key in fields))
      throw new DashboardConversionError(
        `${where}: field "${key}" has no schema v2 conversion; add it to libs/grafana/src/schema-v2.ts`,
      );
  }
}

/** A builder of a value made elsewhere (a query: the SDK's builders for it are per datasource plugin). */
const built = <T>(value: T): cog.Builder<T> => ({ build: () => value });

/** The schema v2 spec of a classic dashboard (the resource's `spec`). */
export function toSchemaV2(classic: ClassicDashboard): DashboardV2 {
  const where = `dashboard ${classic.uid}`;
  known(classic, DASHBOARD_FIELDS, where);
  known(classic.timepicker ?? {}, { hidden: true, refresh_intervals: true, nowDelay: true }, `${where}, timepicker`);
  known(classic.templating ?? {}, { list: true }, `${where}, templating`);
  known(classic.annotations ?? {}, { list: true }, `${where}, annotations`);
  if (classic.annotations?.list?.length)
    throw new DashboardConversionError(`${where}: annotations have no schema v2 conversion yet`);
  const builder = new DashboardBuilder(classic.title)
    .description(classic.description ?? '')
    .editable(classic.editable ?? true)
    .tags(classic.tags ?? [])
    .cursorSync(cursorSync(classic.graphTooltip ?? 0, where))
    .timeSettings(timeSettings(classic))
    // What Grafana adds to every classic dashboard it loads (and its own v1 -> v2 conversion writes).
    .annotations([builtInAnnotation()])
    .links((classic.links ?? []).map((l, i) => dashboardLink(l, `${where}, link ${i}`)))
    .variables((classic.templating?.list ?? []).map((v) => variable(v, `${where}, variable ${v.name}`)));
  if (classic.liveNow !== undefined) builder.liveNow(classic.liveNow);
  const { elements, layout } = elementsAndLayout(classic.panels ?? [], where);
  for (const [key, element] of elements) builder.element(key, element);
  builder.layout(layout);
  return builder.build();
}

function cursorSync(graphTooltip: number, where: string): DashboardCursorSync {
  const sync = [DashboardCursorSync.Off, DashboardCursorSync.Crosshair, DashboardCursorSync.Tooltip][graphTooltip];
  if (!sync) throw new DashboardConversionError(`${where}: graphTooltip ${graphTooltip} has no cursorSync`);
  return sync;
}

function timeSettings(classic: ClassicDashboard): TimeSettingsBuilder {
  const settings = new TimeSettingsBuilder()
    .timezone(classic.timezone ?? 'browser')
    .from(classic.time?.from ?? 'now-6h')
    .to(classic.time?.to ?? 'now')
    .autoRefresh(classic.refresh ?? '')
    .hideTimepicker(classic.timepicker?.hidden ?? false)
    .fiscalYearStartMonth(classic.fiscalYearStartMonth ?? 0);
  if (classic.timepicker?.refresh_intervals) settings.autoRefreshIntervals(classic.timepicker.refresh_intervals);
  if (classic.timepicker?.nowDelay) settings.nowDelay(classic.timepicker.nowDelay);
  if (classic.weekStart) settings.weekStart(classic.weekStart as 'saturday' | 'monday' | 'sunday');
  return settings;
}

function builtInAnnotation(): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .query(
      built<DataQueryKind>({
        kind: 'DataQuery',
        group: 'grafana',
        version: 'v0',
        datasource: { name: '-- Grafana --' },
        spec: {},
      }),
    )
    .enable(true)
    .hide(true)
    .iconColor('rgba(0, 211, 255, 1)')
    .name('Annotations & Alerts')
    .builtIn(true);
}

function dashboardLink(link: ClassicLink, where: string): DashboardLinkBuilder {
  known(link, DASHBOARD_LINK_FIELDS, where);
  const builder = new DashboardLinkBuilder()
    .title(link.title)
    .type(link.type === 'dashboards' ? DashboardLinkType.Dashboards : DashboardLinkType.Link)
    .icon(link.icon ?? '')
    .tooltip(link.tooltip ?? '')
    .tags(link.tags ?? [])
    .asDropdown(link.asDropdown ?? false)
    .targetBlank(link.targetBlank ?? false)
    .includeVars(link.includeVars ?? false)
    .keepTime(link.keepTime ?? false);
  if (link.url !== undefined) builder.url(link.url);
  if (link.placement === 'inControlsMenu') builder.placement(DashboardLinkPlacement.InControlsMenu);
  else if (link.placement !== undefined)
    throw new DashboardConversionError(`${where}: link placement "${link.placement}" has no schema v2 conversion`);
  return builder;
}

const HIDE = [VariableHide.DontHide, VariableHide.HideLabel, VariableHide.HideVariable, VariableHide.InControlsMenu];
const REFRESH = [VariableRefresh.Never, VariableRefresh.OnDashboardLoad, VariableRefresh.OnTimeRangeChanged];
const SORT = [
  VariableSort.Disabled,
  VariableSort.AlphabeticalAsc,
  VariableSort.AlphabeticalDesc,
  VariableSort.NumericalAsc,
  VariableSort.NumericalDesc,
  VariableSort.AlphabeticalCaseInsensitiveAsc,
  VariableSort.AlphabeticalCaseInsensitiveDesc,
  VariableSort.NaturalAsc,
  VariableSort.NaturalDesc,
];
/** Where v2 keeps a query that was a plain string in v1 (Grafana's own conversion reads and writes it). */
export const LEGACY_STRING_VALUE_KEY = '__legacyStringValue';
const NO_VALUE = { text: '', value: '' };

/** A variable's query where v2 wants text (constant, custom, interval, textbox). */
function queryText(v: ClassicVariable, where: string): string {
  if (typeof v.query === 'object')
    throw new DashboardConversionError(`${where}: a ${v.type} variable's query is text, not an object`);
  return v.query ?? '';
}

function variable(v: ClassicVariable, where: string): cog.Builder<VariableKind> {
  known(v, VARIABLE_FIELDS, where);
  const hide = HIDE[v.hide ?? 0];
  const refresh = REFRESH[v.refresh ?? 0];
  if (!hide || !refresh)
    throw new DashboardConversionError(`${where}: hide ${v.hide} or refresh ${v.refresh} has no schema v2 value`);
  if (v.type === 'constant') {
    const query = queryText(v, where);
    // A constant's value is its query; v2 states it as the current value too.
    const constant = new ConstantVariableBuilder(v.name)
      .query(query)
      .current({ text: query, value: query })
      .hide(hide)
      .skipUrlSync(v.skipUrlSync ?? false);
    if (v.label !== undefined) constant.label(v.label);
    if (v.description !== undefined) constant.description(v.description);
    return constant;
  }
  if (v.type === 'datasource') {
    const datasource = new DatasourceVariableBuilder(v.name)
      .pluginId(queryText(v, where))
      .refresh(refresh)
      .regex(v.regex ?? '')
      .current(v.current ?? { text: '', value: '' })
      .options([])
      .multi(v.multi ?? false)
      .includeAll(v.includeAll ?? false)
      .hide(hide)
      .skipUrlSync(v.skipUrlSync ?? false)
      .allowCustomValue(v.allowCustomValue ?? true);
    if (v.label !== undefined) datasource.label(v.label);
    if (v.description !== undefined) datasource.description(v.description);
    if (v.allValue !== undefined) datasource.allValue(v.allValue);
    return datasource;
  }
  if (v.type === 'query') {
    const sort = SORT[v.sort ?? 0];
    if (!sort) throw new DashboardConversionError(`${where}: sort ${v.sort} has no schema v2 value`);
    const queryVariable = new QueryVariableBuilder(v.name)
      .query(built(variableQuery(v, where)))
      .current(v.current ?? NO_VALUE)
      .hide(hide)
      .refresh(refresh)
      .skipUrlSync(v.skipUrlSync ?? false)
      .regex(v.regex ?? '')
      .sort(sort)
      .options(v.options ?? [])
      .multi(v.multi ?? false)
      .includeAll(v.includeAll ?? false)
      .allowCustomValue(v.allowCustomValue ?? true);
    if (v.label !== undefined) queryVariable.label(v.label);
    if (v.description !== undefined) queryVariable.description(v.description);
    if (v.allValue !== undefined) queryVariable.allValue(v.allValue);
    if (v.definition !== undefined) queryVariable.definition(v.definition);
    return queryVariable;
  }
  if (v.type === 'custom') {
    const custom = new CustomVariableBuilder(v.name)
      .query(queryText(v, where))
      .current(v.current ?? NO_VALUE)
      .options(v.options ?? [])
      .multi(v.multi ?? false)
      .includeAll(v.includeAll ?? false)
      .hide(hide)
      .skipUrlSync(v.skipUrlSync ?? false)
      .allowCustomValue(v.allowCustomValue ?? true);
    if (v.label !== undefined) custom.label(v.label);
    if (v.description !== undefined) custom.description(v.description);
    if (v.allValue !== undefined) custom.allValue(v.allValue);
    return custom;
  }
  if (v.type === 'interval') {
    // Its refresh is always on time range change: the builder sets it.
    const interval = new IntervalVariableBuilder(v.name)
      .query(queryText(v, where))
      .current(v.current ?? NO_VALUE)
      .options(v.options ?? [])
      .auto(v.auto ?? false)
      .autoMin(v.auto_min ?? '')
      .autoCount(v.auto_count ?? 0)
      .hide(hide)
      .skipUrlSync(v.skipUrlSync ?? false);
    if (v.label !== undefined) interval.label(v.label);
    if (v.description !== undefined) interval.description(v.description);
    return interval;
  }
  if (v.type === 'textbox') {
    const query = queryText(v, where);
    const text = new TextVariableBuilder(v.name)
      .query(query)
      .current(v.current ?? { text: query, value: query })
      .hide(hide)
      .skipUrlSync(v.skipUrlSync ?? false);
    if (v.label !== undefined) text.label(v.label);
    if (v.description !== undefined) text.description(v.description);
    return text;
  }
  throw new DashboardConversionError(`${where}: variables of type "${v.type}" have no schema v2 conversion yet`);
}

/** A query variable's query: a DataQuery of its datasource, a plain string kept as Grafana's conversion keeps it. */
function variableQuery(v: ClassicVariable, where: string): DataQueryKind {
  const ref = v.datasource;
  if (!ref?.type)
    throw new DashboardConversionError(`${where}: a query variable without a datasource type has no v2 group`);
  return {
    kind: 'DataQuery',
    group: ref.type,
    version: 'v0',
    ...(ref.uid ? { datasource: { name: ref.uid } } : {}),
    spec: typeof v.query === 'object' ? v.query : { [LEGACY_STRING_VALUE_KEY]: v.query ?? '' },
  };
}

type Elements = Map<string, cog.Builder<Element>>;

/** The element key of a panel: Grafana's own (`panel-<id>`), the key its scene gives the panel, so `viewPanel=<id>` finds it. */
export function elementKey(panelId: number): string {
  return `panel-${panelId}`;
}

/**
 * Panels -> elements and their layout: a grid when the dashboard has no rows, else a rows layout
 * (panels before the first row in a row without a header), each row a grid placed relative to
 * it, as Grafana's own conversion does.
 */
function elementsAndLayout(panels: readonly ClassicPanel[], where: string) {
  const elements: Elements = new Map();
  const item = (panel: ClassicPanel, rowY?: number) => {
    const key = element(panel, elements, where);
    const pos = panel.gridPos ?? { x: 0, y: 0, w: 6, h: 3 };
    const gridItemBuilder = gridItem(key)
      .x(pos.x)
      .y(rowY === undefined ? pos.y : pos.y - rowY - 1)
      .width(pos.w)
      .height(pos.h);
    if (panel.repeat) {
      const repeat = new RepeatOptionsBuilder().value(panel.repeat);
      if (panel.repeatDirection) repeat.direction(panel.repeatDirection);
      if (panel.maxPerRow) repeat.maxPerRow(panel.maxPerRow);
      gridItemBuilder.repeat(repeat);
    }
    return gridItemBuilder;
  };
  if (!panels.some((p) => p.type === 'row')) {
    return { elements, layout: new GridBuilder().items(panels.map((p) => item(p))) };
  }
  const rows: RowBuilder[] = [];
  let items: ReturnType<typeof item>[] = [];
  let rowY = -1;
  let row: RowBuilder | undefined;
  const flush = () => {
    if (row) rows.push(row.layout(new GridBuilder().items(items)));
  };
  for (const panel of panels) {
    if (panel.type !== 'row') {
      // Panels above the first row: a row without a header, as Grafana converts them.
      row ??= new RowBuilder().title('').collapse(false).hideHeader(true);
      items.push(item(panel, rowY));
      continue;
    }
    known(panel, ROW_FIELDS, `${where}, row "${panel.title ?? ''}"`);
    flush();
    rowY = panel.gridPos?.y ?? 0;
    row = new RowBuilder().title(panel.title ?? '').collapse(panel.collapsed ?? false);
    if (panel.repeat) row.repeat(new RowRepeatOptionsBuilder().value(panel.repeat));
    // A collapsed row keeps its panels inside it; an open one is followed by them.
    items = (panel.panels ?? []).map((p) => item(p, rowY));
  }
  flush();
  return { elements, layout: new RowsBuilder().rows(rows) };
}

function element(panel: ClassicPanel, elements: Elements, where: string): string {
  const at = `${where}, panel ${panel.id ?? '?'} "${panel.title ?? ''}"`;
  known(panel, PANEL_FIELDS, at);
  if (panel.id === undefined) throw new DashboardConversionError(`${at}: a panel without an id has no element key`);
  const key = elementKey(panel.id);
  if (elements.has(key)) throw new DashboardConversionError(`${at}: two panels have the id ${panel.id}`);
  if (panel.libraryPanel) {
    // Grafana draws a library panel from the library's model: a copy of it in the dashboard is not read.
    const { uid, name } = panel.libraryPanel;
    elements.set(
      key,
      new LibraryPanelBuilder()
        .id(panel.id)
        .title(panel.title ?? '')
        .libraryPanel(new LibraryPanelRefBuilder().uid(uid).name(name)),
    );
    return key;
  }
  const data = new QueryGroupBuilder()
    .targets((panel.targets ?? []).map((t, i) => query(t, panel.datasource, `${at}, targets[${i}]`)))
    .transformations((panel.transformations ?? []).map((t, i) => transformation(t, `${at}, transformations[${i}]`)))
    .queryOptions(queryOptions(panel));
  const builder = new PanelBuilder()
    .id(panel.id)
    .title(panel.title ?? '')
    .description(panel.description ?? '')
    .links((panel.links ?? []).map((l, i) => dataLink(l, `${at}, links[${i}]`)))
    .data(data)
    .visualization(
      new VizConfigKindBuilder()
        .group(panel.type)
        .version(panel.pluginVersion ?? '')
        .spec({
          options: panel.options ?? {},
          fieldConfig: (panel.fieldConfig ?? { defaults: {}, overrides: [] }) as never,
        }),
    );
  if (panel.transparent) builder.transparent(true);
  elements.set(key, builder);
  return key;
}

function dataLink(link: ClassicLink, where: string): DataLinkBuilder {
  known(link, PANEL_LINK_FIELDS, where);
  const builder = new DataLinkBuilder().title(link.title).url(link.url ?? '');
  if (link.targetBlank) builder.targetBlank(true);
  return builder;
}

/** A classic target: its datasource and refId move out of the query, the rest is the query's spec. */
function query(target: ClassicTarget, panelDatasource: DatasourceRef | undefined, where: string): TargetBuilder {
  const { refId, datasource, hide, ...spec } = target;
  const ref = datasource ?? panelDatasource;
  if (!ref?.type) throw new DashboardConversionError(`${where}: a query without a datasource type has no v2 group`);
  if (!refId) throw new DashboardConversionError(`${where}: a query without a refId`);
  const dataQuery: DataQueryKind = {
    kind: 'DataQuery',
    group: ref.type,
    version: 'v0',
    ...(ref.uid ? { datasource: { name: ref.uid } } : {}),
    spec,
  };
  return new TargetBuilder()
    .refId(refId)
    .hidden(hide ?? false)
    .query(built(dataQuery));
}

function transformation(t: ClassicTransformation, where: string): TransformationBuilder {
  known(t, TRANSFORMATION_FIELDS, where);
  const builder = new TransformationBuilder().group(t.id).options(t.options ?? {});
  if (t.disabled !== undefined) builder.disabled(t.disabled);
  if (t.filter !== undefined) builder.filter(t.filter);
  if (t.topic !== undefined) builder.topic(t.topic);
  return builder;
}

function queryOptions(panel: ClassicPanel): QueryOptionsSpecBuilder {
  const options = new QueryOptionsSpecBuilder();
  if (panel.interval !== undefined) options.interval(panel.interval);
  if (panel.maxDataPoints !== undefined) options.maxDataPoints(panel.maxDataPoints);
  if (panel.timeFrom !== undefined) options.timeFrom(panel.timeFrom);
  if (panel.timeShift !== undefined) options.timeShift(panel.timeShift);
  if (panel.hideTimeOverride !== undefined) options.hideTimeOverride(panel.hideTimeOverride);
  if (panel.cacheTimeout !== undefined) options.cacheTimeout(panel.cacheTimeout);
  if (panel.queryCachingTTL !== undefined) options.queryCachingTTL(panel.queryCachingTTL);
  if (panel.timeCompare !== undefined) options.timeCompare(panel.timeCompare);
  return options;
}

/**
 * A v2 dashboard as the resource Git Sync, `gcx resources push` and the resource API read:
 * `metadata.name` its uid, its folder the `grafana.app/folder` annotation (`''`: none, e.g. a
 * sidecar-provisioned copy, whose folder the provisioning provider decides).
 */
export function dashboardResource(uid: string, folderUid: string, spec: DashboardV2): Manifest {
  return new ManifestBuilder()
    .apiVersion(DASHBOARD_V2_API_VERSION)
    .kind(DashboardKind)
    .metadata(named(uid).annotations({ [FOLDER_ANNOTATION]: folderUid }))
    .spec(spec)
    .build();
}

/** A folder as a resource: nested folders name their parent with the folder annotation. */
export function folderResource(folder: Pick<Folder, 'uid' | 'title' | 'parentUid'>): Manifest {
  const metadata = named(folder.uid);
  if (folder.parentUid) metadata.annotations({ [FOLDER_ANNOTATION]: folder.parentUid });
  return new ManifestBuilder()
    .apiVersion(FOLDER_API_VERSION)
    .kind(FolderKind)
    .metadata(metadata)
    .spec(new FolderBuilder(folder.title).build())
    .build();
}
