import { row, type KitPanel, type Row } from './layout.ts';
import type { Link } from './links.ts';
import { barGaugePanel, statPanel, timeseriesPanel } from './panels.ts';
import { query } from './queries.ts';
import { colors, stepThresholds, type Limit } from './thresholds.ts';
import { units } from './units.ts';

/** The series a service's golden signals are read from, already filtered to the dashboard's scope. */
export interface GoldenSignalSeries {
  /** Requests per second. */
  readonly requestRate: string;
  /** 5xx responses per second. */
  readonly errorRate: string;
  /** Request-latency percentiles, each one series (recorded per scope: a percentile cannot be summed). */
  readonly latency: ReadonlyArray<{ readonly quantile: number; readonly series: string }>;
  /** Requests being served right now. */
  readonly inFlight: string;
}

export type GoldenSignal = 'traffic' | 'errors' | 'latency' | 'saturation';

export interface GoldenSignalsOptions {
  readonly service: string;
  readonly series: GoldenSignalSeries;
  /** Panel titles; `<service>: request rate`, `: error ratio`, `: latency p95`, `: saturation` by default. */
  readonly titles?: Partial<Record<GoldenSignal, string>>;
  readonly limits?: Partial<Record<GoldenSignal, Limit>>;
  /** Links from the latency and error panels' values to logs and traces. */
  readonly dataLinks?: readonly Link[];
}

/** `histogram_quantile(q, sum by (le, ...) (buckets))`: a percentile of bucket rates, grouped. */
export function percentile(q: number, buckets: string, by: readonly string[] = []): string {
  return `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (${buckets}))`;
}

/**
 * Traffic, errors, latency and saturation of one service (Google SRE's four golden signals).
 * Sums over whatever the series select, so one row serves a tenant (one series) and the
 * platform (every tenant's).
 */
export function goldenSignalsRow(o: GoldenSignalsOptions): Row {
  const title = (signal: GoldenSignal, fallback: string) => o.titles?.[signal] ?? `${o.service}: ${fallback}`;
  const { requestRate, errorRate, latency, inFlight } = o.series;
  const panels: KitPanel[] = [
    timeseriesPanel({
      title: title('traffic', 'request rate'),
      unit: units.requestsPerSecond,
      min: 0,
      description: `Requests per second served by ${o.service}.`,
      queries: [query(`sum(${requestRate})`, 'requests/s')],
      limit: o.limits?.traffic,
    }),
    timeseriesPanel({
      title: title('errors', 'error ratio'),
      unit: units.ratio,
      min: 0,
      dataLinks: o.dataLinks,
      description: `Share of ${o.service}'s requests answered with a 5xx, over 5m.`,
      queries: [query(`sum(${errorRate}) / sum(${requestRate})`, '5xx ratio')],
      limit: o.limits?.errors,
    }),
    timeseriesPanel({
      title: title('latency', 'latency p95'),
      unit: units.seconds,
      min: 0,
      dataLinks: o.dataLinks,
      description: `Percentiles of ${o.service}'s request latency over 5m.${o.dataLinks?.length ? ' Its logs and traces are a click away.' : ''}`,
      queries: latency.map(({ quantile, series }) => query(series, `p${quantile * 100}`)),
      limit: o.limits?.latency,
    }),
    timeseriesPanel({
      title: title('saturation', 'saturation'),
      unit: units.count,
      min: 0,
      description: `Requests ${o.service} is serving concurrently: it saturates when this nears its concurrency limit.`,
      queries: [query(`sum(${inFlight})`, 'in flight')],
      limit: o.limits?.saturation,
    }),
  ];
  return row(
    `${o.service}: golden signals`,
    panels.map((p) => ({ ...p, width: 6 })),
  );
}

/** One service level indicator with its objective. */
export interface SloIndicator {
  /** Panel title, e.g. `Story generation availability`. */
  readonly title: string;
  /** What counts as bad, in words. */
  readonly description: string;
  /** Share of good events the tenant is promised, e.g. 0.999. */
  readonly objective: number;
  /** 1 - objective, as the burn-rate alerts compute it. */
  readonly errorBudget: number;
  /** Share of bad events over a window (the period, the burn window), as PromQL. */
  readonly errorRatio: (window: string) => string;
}

/** The windows SLOs are judged over; they come from the burn-rate alerts' policy, so panel and alert agree. */
export interface SloWindows {
  /**
   * The SLO period (30d): the SLI and the budget are over it, and a burn rate of 1 spends the
   * budget in exactly that time.
   */
  readonly period: string;
  /** The burn-rate panel's window, and the burn rate that pages over it. */
  readonly burn: { readonly window: string; readonly factor: number };
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(12))}%`;
}

/** For each SLO its SLI over the period against the objective, then every SLO's remaining budget and burn rate. */
export function sloRow(title: string, indicators: readonly SloIndicator[], windows: SloWindows): Row {
  const slis = indicators.map((sli) =>
    statPanel({
      title: sli.title,
      unit: units.ratio,
      decimals: 3,
      description: `${sli.description} Over the last ${windows.period}; the objective is ${percent(sli.objective)}.`,
      queries: [query(`1 - (${sli.errorRatio(windows.period)})`, 'SLI')],
      limit: { value: sli.objective, label: 'the objective', bad: 'below' },
    }),
  );
  const budget = barGaugePanel({
    title: 'Error budget remaining',
    unit: units.ratio,
    min: 0,
    max: 1,
    description: `Share of each SLO's ${windows.period} error budget (1 - objective) not yet spent. Empty means spent: the objective is missed.`,
    queries: indicators.map((sli) => query(`1 - (${sli.errorRatio(windows.period)}) / ${sli.errorBudget}`, sli.title)),
    thresholds: stepThresholds([
      { value: null, color: colors.bad },
      { value: 0.1, color: colors.warning },
      { value: 0.25, color: colors.good },
    ]),
  });
  const burn = timeseriesPanel({
    title: 'Burn rate',
    unit: units.count,
    min: 0,
    description: `How fast each SLO spends its budget over the last ${windows.burn.window}: at 1 the budget lasts exactly ${windows.period}.`,
    queries: indicators.map((sli) => query(`(${sli.errorRatio(windows.burn.window)}) / ${sli.errorBudget}`, sli.title)),
    limit: {
      value: windows.burn.factor,
      label: `the burn rate that pages (over ${windows.burn.window})`,
      bad: 'above',
    },
  });
  return row(title, [...slis, budget, burn]);
}
