import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';

/** The datasource every panel queries: the dashboard's `datasource` variable. */
export const DATASOURCE_REF: dashboard.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** The result formats of a Prometheus query, as Grafana names them. */
export type QueryFormat = 'time_series' | 'table' | 'heatmap';

/** One PromQL query of a panel; presets give it its refId and the shape their visualisation needs. */
export interface Query {
  readonly expr: string;
  /** Legend template, e.g. `{{model}}`. */
  readonly legend: string;
  /** Ask Prometheus for exemplars too: the trace ids behind the points, linked to Tempo by the datasource. */
  readonly exemplars?: boolean;
  /** Overrides the preset's shape: `true` one instant query, `false` a range query. */
  readonly instant?: boolean;
  /** Overrides the preset's result format. */
  readonly format?: QueryFormat;
  /** Minimum step of the query (`1m`), when it must not follow the panel's. */
  readonly interval?: string;
  /** Run but not shown (a query other queries or transformations use). */
  readonly hide?: boolean;
}

export type QueryOptions = Omit<Query, 'expr' | 'legend'>;

export function query(expr: string, legend: string, options: QueryOptions = {}): Query {
  return { expr, legend, ...options };
}

export type QueryShape = 'range' | 'instant' | 'table' | 'heatmap';

/** refIds follow the order of the queries: A, B, C, ... */
export function refId(index: number): string {
  return String.fromCharCode(65 + index);
}

const FORMATS: Record<QueryFormat, prometheus.PromQueryFormat> = {
  time_series: prometheus.PromQueryFormat.TimeSeries,
  table: prometheus.PromQueryFormat.Table,
  heatmap: prometheus.PromQueryFormat.Heatmap,
};

export function prometheusQuery(q: Query, index: number, shape: QueryShape = 'range'): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder()
    .expr(q.expr)
    .legendFormat(q.legend)
    .refId(refId(index))
    .datasource(DATASOURCE_REF);
  if (q.exemplars) builder.exemplar(true);
  if (shape === 'instant') builder.instant();
  if (shape === 'table') builder.instant().format(prometheus.PromQueryFormat.Table);
  if (shape === 'heatmap') builder.format(prometheus.PromQueryFormat.Heatmap);
  // What the query says of itself wins over the preset's shape.
  if (q.instant === true) builder.instant();
  if (q.instant === false) builder.range();
  if (q.format !== undefined) builder.format(FORMATS[q.format]);
  if (q.interval !== undefined) builder.interval(q.interval);
  if (q.hide !== undefined) builder.hide(q.hide);
  return builder;
}
