import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';

/** The datasource every panel queries: the dashboard's `datasource` variable. */
export const DATASOURCE_REF: dashboard.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** One PromQL query of a panel; presets give it its refId and the shape their visualisation needs. */
export interface Query {
  readonly expr: string;
  /** Legend template, e.g. `{{model}}`. */
  readonly legend: string;
  /** Ask Prometheus for exemplars too: the trace ids behind the points, linked to Tempo by the datasource. */
  readonly exemplars?: boolean;
}

export function query(expr: string, legend: string, options: Omit<Query, 'expr' | 'legend'> = {}): Query {
  return { expr, legend, ...options };
}

export type QueryShape = 'range' | 'instant' | 'table' | 'heatmap';

/** refIds follow the order of the queries: A, B, C, ... */
export function refId(index: number): string {
  return String.fromCharCode(65 + index);
}

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
  return builder;
}
