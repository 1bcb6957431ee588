import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** The datasource every panel queries: the dashboard's `datasource` variable. */
export const DATASOURCE_REF: dashboard.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export function prometheusQuery(expr: string, legend: string, refId = 'A'): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().expr(expr).legendFormat(legend).refId(refId).datasource(DATASOURCE_REF);
}

export interface ThresholdLine {
  readonly value: number;
  /** Shown in the panel description, so readers know where the line comes from. */
  readonly label: string;
}

export interface TimeseriesOptions {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  /** A Grafana unit id: `reqps`, `percentunit`, `s`, `short`. */
  readonly unit: string;
  readonly queries: readonly prometheus.DataqueryBuilder[];
  readonly threshold?: ThresholdLine;
  readonly min?: number;
}

/** A timeseries panel; a threshold draws as a red dashed line at the value the alert uses. */
export function timeseriesPanel(o: TimeseriesOptions): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .id(o.id)
    .title(o.title)
    .description(o.threshold ? `${o.description} The red line is ${o.threshold.label}.` : o.description)
    .datasource(DATASOURCE_REF)
    .unit(o.unit)
    .lineWidth(1)
    .fillOpacity(10)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).calcs([]))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
  if (o.min !== undefined) panel.min(o.min);
  for (const query of o.queries) panel.withTarget(query);
  if (o.threshold) {
    panel
      .thresholds(new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
        { value: null, color: 'green' },
        { value: o.threshold.value, color: 'red' },
      ]))
      .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
  }
  return panel;
}

/** Places panels left to right, two per row, in the order given. */
export function gridLayout<T extends { gridPos(pos: dashboard.GridPos): unknown }>(panels: readonly T[], width = 12, height = 8): T[] {
  const perRow = Math.floor(24 / width);
  panels.forEach((panel, i) => panel.gridPos({ x: (i % perRow) * width, y: Math.floor(i / perRow) * height, w: width, h: height }));
  return [...panels];
}
