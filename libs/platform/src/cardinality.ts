import { catalog, POD_LABELS, type LabelSpec, type MetricSpec } from './catalog.ts';
import { exposedBy } from './exposure.ts';
import { services, type Service } from './services.ts';
import type { Tenant } from './tenants.ts';

export interface MetricEstimate {
  readonly metric: string;
  readonly series: number;
  /** The label with the most values: the first place to look when the budget is blown. */
  readonly widestLabel: { readonly name: string; readonly values: number } | undefined;
}

/** How many values each label takes and how many pods a tenant runs: the inputs of an estimate. */
export interface SeriesBounds {
  /** Distinct values of a label, per tenant and service (per pod, for a pod's own labels). */
  readonly labelValues: (metric: MetricSpec, label: LabelSpec) => number;
  /** Pods a tenant runs of its own of a service (none for shared services). */
  readonly tenantPods: (service: Service) => number;
  /** Containers cAdvisor and kube-state-metrics report per pod. */
  readonly containersPerPod: number;
}

/** The catalog's bounds: what the build checks budgets against. */
export const CATALOG_BOUNDS: SeriesBounds = {
  labelValues: (_metric, label) => label.values?.length ?? label.maxValues ?? 1,
  tenantPods: (service) => service.tenantPods ?? 0,
  // The app, one sidecar, and cAdvisor's pod-level total (container="").
  containersPerPod: 3,
};

function seriesPerLabelSet(metric: MetricSpec): number {
  // A histogram's label set is its buckets, +Inf, _sum and _count.
  return metric.type === 'histogram' ? (metric.buckets?.length ?? 0) + 3 : 1;
}

/**
 * The series one tenant adds: per tenant-scoped metric, the services exposing it times the
 * product of its labels' value counts, times the series per histogram; per pod-level
 * infrastructure metric (kube-state-metrics, cAdvisor), the same over the pods the tenant runs
 * of its own. With the catalog's bounds (the default) it is an upper bound.
 */
export function estimateTenantSeries(
  metrics: readonly MetricSpec[] = catalog,
  bounds: SeriesBounds = CATALOG_BOUNDS,
): MetricEstimate[] {
  const pods = services.reduce((n, s) => n + bounds.tenantPods(s), 0);
  return metrics
    .flatMap((m) => {
      const podLevel = !m.tenantScoped && m.labels.some((l) => l.name === 'pod');
      if (!m.tenantScoped && !podLevel) return [];
      const own = m.labels
        .filter((l) => !podLevel || !POD_LABELS.has(l.name))
        .map((l) => ({ name: l.name, values: bounds.labelValues(m, l) }));
      const sources = podLevel
        ? pods * (m.labels.some((l) => l.name === 'container') ? bounds.containersPerPod : 1)
        : exposedBy(m).length;
      const series = own.reduce((n, l) => n * l.values, 1) * sources * seriesPerLabelSet(m);
      const widestLabel = podLevel ? { name: 'pod', values: pods } : [...own].sort((a, b) => b.values - a.values)[0];
      return series ? [{ metric: m.name, series, widestLabel }] : [];
    })
    .sort((a, b) => b.series - a.series || a.metric.localeCompare(b.metric));
}

/** A line per tenant whose estimate exceeds its tier's budget, naming the metric and label that weigh most. */
export function budgetViolations(tenants: readonly Tenant[], metrics: readonly MetricSpec[] = catalog): string[] {
  const estimates = estimateTenantSeries(metrics);
  const total = estimates.reduce((n, e) => n + e.series, 0);
  const heaviest = estimates[0];
  return tenants
    .filter((t) => total > t.seriesBudget)
    .map((t) => {
      const blame = heaviest
        ? `; the largest is ${heaviest.metric} with ${heaviest.series} series${heaviest.widestLabel ? `, most of them from its label ${heaviest.widestLabel.name} (${heaviest.widestLabel.values} values)` : ''}`
        : '';
      return `${t.source}: tenant ${t.id} (tier ${t.tier}) may add up to ${total} series, over its budget of ${t.seriesBudget}${blame}: lower that label's bound in libs/platform/src/catalog.ts or raise the tier's seriesBudget`;
    });
}
