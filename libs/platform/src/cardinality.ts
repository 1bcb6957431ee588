import { catalog, type MetricSpec } from './catalog.ts';
import { exposedBy } from './exposure.ts';
import type { Tenant } from './tenants.ts';

export interface MetricEstimate {
  readonly metric: string;
  readonly series: number;
  /** The label with the most values: the first place to look when the budget is blown. */
  readonly widestLabel: { readonly name: string; readonly values: number } | undefined;
}

function labelValues(metric: MetricSpec, name: string): number {
  const label = metric.labels.find((l) => l.name === name)!;
  return label.values?.length ?? label.maxValues ?? 1;
}

/**
 * Upper bound of the series one tenant adds, from the catalog's label bounds: per metric, the
 * services exposing it times the product of its labels' value counts, times the series per
 * histogram (its buckets, +Inf, _sum and _count).
 */
export function estimateTenantSeries(metrics: readonly MetricSpec[] = catalog): MetricEstimate[] {
  return metrics
    .filter((m) => m.tenantScoped)
    .map((m) => {
      const perLabel = m.labels.map((l) => ({ name: l.name, values: labelValues(m, l.name) }));
      const combinations = perLabel.reduce((n, l) => n * l.values, 1) * exposedBy(m).length;
      const perSeries = m.type === 'histogram' ? (m.buckets?.length ?? 0) + 3 : 1;
      const widestLabel = [...perLabel].sort((a, b) => b.values - a.values)[0];
      return { metric: m.name, series: combinations * perSeries, widestLabel };
    })
    .sort((a, b) => b.series - a.series);
}

/** A line per tenant whose estimate exceeds its tier's budget, naming the metric and label that weigh most. */
export function budgetViolations(tenants: readonly Tenant[], metrics: readonly MetricSpec[] = catalog): string[] {
  const estimates = estimateTenantSeries(metrics);
  const total = estimates.reduce((n, e) => n + e.series, 0);
  const heaviest = estimates[0];
  return tenants
    .filter((t) => total > t.seriesBudget)
    .map((t) => {
      const blame = heaviest ? `; the largest is ${heaviest.metric} with ${heaviest.series} series${heaviest.widestLabel ? `, most of them from its label ${heaviest.widestLabel.name} (${heaviest.widestLabel.values} values)` : ''}` : '';
      return `${t.source}: tenant ${t.id} (tier ${t.tier}) may add up to ${total} series, over its budget of ${t.seriesBudget}${blame}: lower that label's bound in libs/platform/src/catalog.ts or raise the tier's seriesBudget`;
    });
}
