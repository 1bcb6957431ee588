import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import type * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { GridPoint, KitPanel } from './layout.ts';
import { linkBuilder, type Link } from './links.ts';
import { DATASOURCE_REF, prometheusQuery, type Query, type QueryShape } from './queries.ts';
import { withRawFields, type RawPanelFields } from './raw.ts';
import { limitThresholds, neutralThresholds, type Limit } from './thresholds.ts';
import { units, type PanelUnit } from './units.ts';

/** A panel repeated once per value of a variable. */
export interface PanelRepeat {
  readonly variable: string;
  /** `h` (Grafana's default): side by side, wrapping after `maxPerRow`; `v`: one below the other. */
  readonly direction?: 'h' | 'v';
  readonly maxPerRow?: number;
}

/** What every preset takes. Sizes default per visualisation; `limit` draws and colours a threshold. */
export interface PanelOptions {
  readonly title: string;
  /** What the panel shows and how to read it (`''` when an imported panel had none); the limit's origin is appended. */
  readonly description: string;
  /** From `units`, or `customUnit(id)`; omitted only when the panel has none (Grafana's default: plain numbers). */
  readonly unit?: PanelUnit;
  readonly queries: readonly Query[];
  readonly limit?: Limit;
  /** Colours when there is no single limit (e.g. an error budget); otherwise neutral. */
  readonly thresholds?: dashboard.ThresholdsConfigBuilder;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
  /** Links from each value to related data (logs, traces); may use `${__field.labels.x}`. */
  readonly dataLinks?: readonly Link[];
  /** The panel header's link menu (data links, above, link each value). */
  readonly links?: readonly Link[];
  readonly width?: number;
  readonly height?: number;
  /** An explicit place on the grid (`width`/`height` its size); without it the panel flows. */
  readonly position?: GridPoint;
  readonly repeat?: PanelRepeat;
  /** Fields the kit does not model (plugin options, overrides, transformations), merged in last, as given. */
  readonly raw?: RawPanelFields;
}

/** The methods every panel builder of the SDK shares. */
interface CommonPanelBuilder {
  title(title: string): unknown;
  description(description: string): unknown;
  datasource(ref: dashboard.DataSourceRef): unknown;
  unit(unit: string): unknown;
  min(min: number): unknown;
  max(max: number): unknown;
  decimals(decimals: number): unknown;
  thresholds(thresholds: dashboard.ThresholdsConfigBuilder): unknown;
  dataLinks(links: dashboard.DashboardLinkBuilder[]): unknown;
  links(links: dashboard.DashboardLinkBuilder[]): unknown;
  repeat(variable: string): unknown;
  repeatDirection(direction: 'h' | 'v'): unknown;
  maxPerRow(maxPerRow: number): unknown;
  withTarget(target: prometheus.DataqueryBuilder): unknown;
}

function describeLimit(description: string, limit: Limit | undefined): string {
  if (!limit) return description;
  if (!description) return `Red ${limit.bad} ${limit.label}: ${limit.value}.`;
  return `${description} Red ${limit.bad} ${limit.label}: ${limit.value}.`;
}

/** Applies what all presets share; `shape` is how the visualisation wants its queries. */
function configure<B extends CommonPanelBuilder & KitPanel['builder']>(
  builder: B,
  o: PanelOptions,
  shape: QueryShape,
  size: { width: number; height: number },
): KitPanel {
  builder.title(o.title);
  builder.description(describeLimit(o.description, o.limit));
  builder.datasource(DATASOURCE_REF);
  if (o.unit !== undefined) builder.unit(o.unit);
  if (o.min !== undefined) builder.min(o.min);
  if (o.max !== undefined) builder.max(o.max);
  if (o.decimals !== undefined) builder.decimals(o.decimals);
  builder.thresholds(o.thresholds ?? (o.limit ? limitThresholds(o.limit) : neutralThresholds()));
  if (o.dataLinks?.length) builder.dataLinks(o.dataLinks.map(linkBuilder));
  if (o.links?.length) builder.links(o.links.map(linkBuilder));
  if (o.repeat) {
    builder.repeat(o.repeat.variable);
    if (o.repeat.direction) builder.repeatDirection(o.repeat.direction);
    if (o.repeat.maxPerRow !== undefined) builder.maxPerRow(o.repeat.maxPerRow);
  }
  o.queries.forEach((q, i) => builder.withTarget(prometheusQuery(q, i, shape)));
  return {
    title: o.title,
    builder: o.raw ? withRawFields(builder, o.raw) : builder,
    width: o.width ?? size.width,
    height: o.height ?? size.height,
    ...(o.position ? { position: o.position } : {}),
  };
}

/** The size each preset gives a panel that says none (its width and height in grid cells). */
export const PRESET_SIZES = {
  timeseriesPanel: { width: 12, height: 8 },
  statPanel: { width: 6, height: 4 },
  gaugePanel: { width: 6, height: 6 },
  barGaugePanel: { width: 12, height: 8 },
  tablePanel: { width: 12, height: 8 },
  heatmapPanel: { width: 12, height: 8 },
  stateTimelinePanel: { width: 24, height: 8 },
} as const;

function legend(): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(common.LegendDisplayMode.List)
    .placement(common.LegendPlacement.Bottom)
    .calcs([]);
}

function lastValue(): common.ReduceDataOptionsBuilder {
  return new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}

export interface TimeseriesOptions extends PanelOptions {
  /** Stack the series (parts of a whole, such as cost by model). */
  readonly stacked?: boolean;
}

/** Lines over time; a limit draws as a dashed red line at the value the alert uses. */
export function timeseriesPanel(o: TimeseriesOptions): KitPanel {
  const builder = new timeseries.PanelBuilder()
    .lineWidth(1)
    .fillOpacity(o.stacked ? 40 : 10)
    .showPoints(common.VisibilityMode.Never)
    .legend(legend())
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending),
    );
  if (o.stacked) builder.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  if (o.limit)
    builder.thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
    );
  return configure(builder, o, 'range', PRESET_SIZES.timeseriesPanel);
}

/**
 * One big number, the value now, coloured by its limit: one instant query, as Grafana runs it for
 * a current value (a range query would evaluate the expression at every step only to show the
 * last). History belongs in a time series panel.
 */
export function statPanel(o: PanelOptions): KitPanel {
  const builder = new stat.PanelBuilder()
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.Auto)
    .reduceOptions(lastValue());
  return configure(builder, o, 'instant', PRESET_SIZES.statPanel);
}

/** A value against its range (0 to max), for ratios and scores with a known scale. */
export function gaugePanel(o: PanelOptions): KitPanel {
  const builder = new gauge.PanelBuilder()
    .showThresholdMarkers(true)
    .showThresholdLabels(false)
    .reduceOptions(lastValue());
  return configure(builder, o, 'instant', PRESET_SIZES.gaugePanel);
}

/** One bar per series, for rankings and shares (top tenants, cost by model). */
export function barGaugePanel(o: PanelOptions): KitPanel {
  const builder = new bargauge.PanelBuilder()
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .orientation(common.VizOrientation.Horizontal)
    .showUnfilled(true)
    .reduceOptions(lastValue());
  return configure(builder, o, 'instant', PRESET_SIZES.barGaugePanel);
}

/** Current values as rows: one query's labels become columns. */
export function tablePanel(o: PanelOptions): KitPanel {
  const builder = new table.PanelBuilder()
    .showHeader(true)
    .cellHeight(common.TableCellHeight.Sm)
    // An instant query's Time column is the same on every row.
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } });
  return configure(builder, o, 'table', PRESET_SIZES.tablePanel);
}

/**
 * A histogram's buckets over time; the queries return bucket rates kept by `le`, and `unit` is the
 * buckets' (the y axis).
 */
export function heatmapPanel(o: PanelOptions): KitPanel {
  const builder = new heatmap.PanelBuilder()
    .calculate(false)
    .color(
      new heatmap.HeatmapColorOptionsBuilder()
        .mode(heatmap.HeatmapColorMode.Scheme)
        .scheme('Oranges')
        .scale(heatmap.HeatmapColorScale.Exponential)
        .steps(64)
        .exponent(0.5)
        .fill('dark-orange')
        .reverse(false),
    )
    .yAxis(yAxis(o.unit))
    .showValue(common.VisibilityMode.Never)
    .exemplarsColor('rgba(255,0,255,0.7)')
    .tooltip(
      new heatmap.HeatmapTooltipBuilder().mode(common.TooltipDisplayMode.Single).yHistogram(true).showColorScale(false),
    )
    .hideLegend();
  // A cell is a rate: how many observations per second fell in that bucket.
  return configure(builder, { ...o, unit: units.perSecond }, 'heatmap', PRESET_SIZES.heatmapPanel);
}

function yAxis(unit: PanelUnit | undefined): heatmap.YAxisConfigBuilder {
  const axis = new heatmap.YAxisConfigBuilder();
  if (unit !== undefined) axis.unit(unit);
  return axis.axisPlacement(common.AxisPlacement.Left);
}

/** A state per series over time (up/down, firing/ok); `states` maps values to text and colour. */
export interface StateTimelineOptions extends PanelOptions {
  readonly states: ReadonlyArray<{ readonly value: number; readonly text: string; readonly color: string }>;
}

export function stateTimelinePanel(o: StateTimelineOptions): KitPanel {
  const options: Record<string, { text: string; color: string; index: number }> = {};
  o.states.forEach((s, index) => {
    options[String(s.value)] = { text: s.text, color: s.color, index };
  });
  const builder = new statetimeline.PanelBuilder()
    .showValue(common.VisibilityMode.Never)
    .mergeValues(true)
    .rowHeight(0.9)
    .legend(legend())
    .mappings([{ type: dashboard.MappingType.ValueToText, options }]);
  return configure(builder, o, 'range', PRESET_SIZES.stateTimelinePanel);
}
