import { describe, expect, it } from 'vitest';
import { CATALOG_BOUNDS, estimateTenantSeries, budgetViolations } from './cardinality.ts';
import { catalog, type MetricSpec } from './catalog.ts';
import { resolveTenant } from './tenants.ts';

const histogram: MetricSpec = {
  name: 'http_request_duration_seconds',
  type: 'histogram',
  unit: 'seconds',
  help: '',
  tenantScoped: true,
  labels: [
    { name: 'route', maxValues: 10 },
    { name: 'method', values: ['GET', 'POST'] },
  ],
  buckets: [0.1, 1],
};
const counter: MetricSpec = {
  name: 'narrative_generation_requests_total',
  type: 'counter',
  unit: 'requests',
  help: '',
  tenantScoped: true,
  labels: [{ name: 'model', maxValues: 3 }],
};

describe('estimateTenantSeries', () => {
  it('multiplies services, label bounds and the series of a histogram', () => {
    // http_* is exposed by all 8 services; a histogram with 2 buckets is 5 series (2 buckets, +Inf, _sum, _count).
    expect(estimateTenantSeries([histogram, counter])).toEqual([
      { metric: 'http_request_duration_seconds', series: 8 * 10 * 2 * 5, widestLabel: { name: 'route', values: 10 } },
      { metric: 'narrative_generation_requests_total', series: 3, widestLabel: { name: 'model', values: 3 } },
    ]);
  });

  it('counts the pod-level series of the pods a tenant runs of its own, per container where the metric has one', () => {
    // inference-worker runs up to 4 pods per tenant; limits are per container (3 bound) and resource x unit (3 x 3).
    const limits = catalog.find((m) => m.name === 'kube_pod_container_resource_limits')!;
    const podLabels = catalog.find((m) => m.name === 'kube_pod_labels')!;
    expect(estimateTenantSeries([limits, podLabels])).toEqual([
      { metric: 'kube_pod_container_resource_limits', series: 4 * 3 * 3 * 3, widestLabel: { name: 'pod', values: 4 } },
      { metric: 'kube_pod_labels', series: 4, widestLabel: { name: 'pod', values: 4 } },
    ]);
    expect(estimateTenantSeries([limits], { ...CATALOG_BOUNDS, tenantPods: () => 0 })).toEqual([]);
  });

  it('covers every tenant-scoped metric and every pod-level one of the catalog', () => {
    const expected = catalog
      .filter((m) => m.tenantScoped || m.labels.some((l) => l.name === 'pod'))
      .map((m) => m.name)
      .sort();
    expect(
      estimateTenantSeries()
        .map((e) => e.metric)
        .sort(),
    ).toEqual(expected);
  });
});

describe('budgetViolations', () => {
  const tenant = (seriesBudget: number) => ({
    ...resolveTenant(
      {
        id: 'tiny',
        displayName: 'T',
        tier: 'free',
        tenancy: 'label',
        notifications: [{ name: 'm', type: 'email', to: 'a@b.example' }],
      },
      'tenants/tiny.yaml',
    ),
    seriesBudget,
  });

  it('names the tenant, the estimate, the budget, and the metric and label that weigh most', () => {
    expect(budgetViolations([tenant(500)], [histogram, counter])).toEqual([
      "tenants/tiny.yaml: tenant tiny (tier free) may add up to 803 series, over its budget of 500; the largest is http_request_duration_seconds with 800 series, most of them from its label route (10 values): lower that label's bound in libs/platform/src/catalog.ts or raise the tier's seriesBudget",
    ]);
  });

  it('is silent within budget', () => {
    expect(budgetViolations([tenant(803)], [histogram, counter])).toEqual([]);
  });
});
