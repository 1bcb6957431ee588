import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { DATASOURCE_REF } from './queries.ts';

/** Picks among Prometheus datasources; defaults to the environment's (or the tenant's Mimir) datasource. */
export function datasourceVariable(defaultUid: string): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ text: defaultUid, value: defaultUid });
}

/** The tenant of a tenant-scoped dashboard: a constant, hidden, so it can't be changed to another tenant. */
export function fixedTenantVariable(tenantId: string): dashboard.ConstantVariableBuilder {
  return new dashboard.ConstantVariableBuilder('tenant').value(tenantId);
}

/** A dashboard's own variable, after the kit's `datasource` (and `tenant`). */
export type VariableBuilder = cog.Builder<dashboard.VariableModel>;

/** As schema v2 names them: `hideLabel` shows the value without the name, `hideVariable` neither (still in the URL). */
export type VariableHidden = 'dontHide' | 'hideLabel' | 'hideVariable';

/** When a query variable asks for its values again, as schema v2 names it (the kit's default: on load). */
export type VariableRefreshOn = 'never' | 'onDashboardLoad' | 'onTimeRangeChanged';

/** The order of a query variable's values, as schema v2 names it. */
export type VariableSortOrder =
  | 'disabled'
  | 'alphabeticalAsc'
  | 'alphabeticalDesc'
  | 'numericalAsc'
  | 'numericalDesc'
  | 'alphabeticalCaseInsensitiveAsc'
  | 'alphabeticalCaseInsensitiveDesc'
  | 'naturalAsc'
  | 'naturalDesc';

const HIDDEN: Record<VariableHidden, dashboard.VariableHide> = {
  dontHide: dashboard.VariableHide.DontHide,
  hideLabel: dashboard.VariableHide.HideLabel,
  hideVariable: dashboard.VariableHide.HideVariable,
};
const REFRESH: Record<VariableRefreshOn, dashboard.VariableRefresh> = {
  never: dashboard.VariableRefresh.Never,
  onDashboardLoad: dashboard.VariableRefresh.OnDashboardLoad,
  onTimeRangeChanged: dashboard.VariableRefresh.OnTimeRangeChanged,
};
const SORT: Record<VariableSortOrder, dashboard.VariableSort> = {
  disabled: dashboard.VariableSort.Disabled,
  alphabeticalAsc: dashboard.VariableSort.AlphabeticalAsc,
  alphabeticalDesc: dashboard.VariableSort.AlphabeticalDesc,
  numericalAsc: dashboard.VariableSort.NumericalAsc,
  numericalDesc: dashboard.VariableSort.NumericalDesc,
  alphabeticalCaseInsensitiveAsc: dashboard.VariableSort.AlphabeticalCaseInsensitiveAsc,
  alphabeticalCaseInsensitiveDesc: dashboard.VariableSort.AlphabeticalCaseInsensitiveDesc,
  naturalAsc: dashboard.VariableSort.NaturalAsc,
  naturalDesc: dashboard.VariableSort.NaturalDesc,
};

/** What every variable may say. */
interface VariableOptions {
  readonly name: string;
  /** Shown instead of the name. */
  readonly label?: string;
  readonly description?: string;
  readonly hide?: VariableHidden;
}

/** The builder methods all variable kinds share. */
interface CommonVariableBuilder {
  label(label: string): unknown;
  description(description: string): unknown;
  hide(hide: dashboard.VariableHide): unknown;
}

function common<B extends CommonVariableBuilder>(builder: B, o: VariableOptions): B {
  if (o.label !== undefined) builder.label(o.label);
  if (o.description !== undefined) builder.description(o.description);
  if (o.hide !== undefined) builder.hide(HIDDEN[o.hide]);
  return builder;
}

/** Choices that can be many, or all. */
interface MultiValueOptions {
  readonly multi?: boolean;
  /** Offer `All`. */
  readonly includeAll?: boolean;
  /** What `All` stands for (`.*`), instead of every value joined. */
  readonly allValue?: string;
}

export interface QueryVariableOptions extends VariableOptions, MultiValueOptions {
  /** A Prometheus variable query: `label_values(metric, label)`, `query_result(...)`, `metrics(...)`. */
  readonly query: string;
  /** Keeps (and with a capture group, rewrites) the values that match. */
  readonly regex?: string;
  readonly refresh?: VariableRefreshOn;
  readonly sort?: VariableSortOrder;
}

/** Values from Prometheus, through the kit's datasource (the `datasource` variable). */
export function queryVariable(o: QueryVariableOptions): dashboard.QueryVariableBuilder {
  const builder = common(new dashboard.QueryVariableBuilder(o.name), o)
    .datasource(DATASOURCE_REF)
    .query(o.query)
    .refresh(REFRESH[o.refresh ?? 'onDashboardLoad']);
  if (o.regex !== undefined) builder.regex(o.regex);
  if (o.sort !== undefined) builder.sort(SORT[o.sort]);
  return multiValue(builder, o);
}

interface MultiValueBuilder {
  multi(multi: boolean): unknown;
  includeAll(includeAll: boolean): unknown;
  allValue(allValue: string): unknown;
}

function multiValue<B extends MultiValueBuilder>(builder: B, o: MultiValueOptions): B {
  if (o.multi !== undefined) builder.multi(o.multi);
  if (o.includeAll !== undefined) builder.includeAll(o.includeAll);
  if (o.allValue !== undefined) builder.allValue(o.allValue);
  return builder;
}

export interface CustomVariableOptions extends VariableOptions, MultiValueOptions {
  /** The values offered, in order; `text : value` shows `text` for `value`, as in Grafana. */
  readonly values: readonly string[];
}

/** Grafana reads a custom variable's values as one comma-separated list: a comma inside a value is escaped. */
const listed = (values: readonly string[]) => values.map((v) => v.replaceAll(',', '\\,')).join(',');

/** A fixed list of values. */
export function customVariable(o: CustomVariableOptions): dashboard.CustomVariableBuilder {
  return multiValue(common(new dashboard.CustomVariableBuilder(o.name), o).values(listed(o.values)), o);
}

export interface IntervalVariableOptions extends VariableOptions {
  /** `1m`, `5m`, `1h`, ... */
  readonly values: readonly string[];
  /** Offer `auto`: the range divided into `autoCount` steps, no finer than `autoMin`. */
  readonly auto?: boolean;
  readonly autoCount?: number;
  readonly autoMin?: string;
}

/** A choice of time spans, for `[$interval]` in queries. */
export function intervalVariable(o: IntervalVariableOptions): dashboard.IntervalVariableBuilder {
  const builder = common(new dashboard.IntervalVariableBuilder(o.name), o).values(o.values.join(','));
  if (o.auto !== undefined) builder.auto(o.auto);
  if (o.autoCount !== undefined) builder.stepCount(o.autoCount);
  if (o.autoMin !== undefined) builder.minInterval(o.autoMin);
  return builder;
}

export interface TextboxVariableOptions extends VariableOptions {
  /** What the box holds until someone types. */
  readonly value?: string;
}

/** Free text typed on the dashboard (a filter, a search). */
export function textboxVariable(o: TextboxVariableOptions): dashboard.TextBoxVariableBuilder {
  return common(new dashboard.TextBoxVariableBuilder(o.name), o).defaultValue(o.value ?? '');
}

export interface ConstantVariableOptions {
  readonly name: string;
  readonly value: string;
  readonly label?: string;
  readonly description?: string;
}

/** A fixed value queries refer to by name; hidden, as Grafana keeps constants. */
export function constantVariable(o: ConstantVariableOptions): dashboard.ConstantVariableBuilder {
  const builder = new dashboard.ConstantVariableBuilder(o.name).value(o.value);
  if (o.label !== undefined) builder.label(o.label);
  if (o.description !== undefined) builder.description(o.description);
  return builder;
}

/** A variable's JSON, as Grafana stores it. */
export type RawVariableJson = Readonly<{ name: string; type: string } & Record<string, unknown>>;

/** A variable the kit keeps as its JSON (an ad hoc filter, a variable of another datasource), and why. */
export function rawVariable(json: RawVariableJson, reason: string): VariableBuilder {
  if (!reason.trim())
    throw new Error(`rawVariable "${json.name}": say what was not converted (reason), so a reader knows why it is raw`);
  const kept = structuredClone(json);
  return { build: () => structuredClone(kept) as unknown as dashboard.VariableModel };
}
