import { findMetric, TENANT_LABEL } from '@plotwatch/platform/catalog';
import type { Check } from '../check.ts';

/** Catalog metrics with a tenant label, and recordings whose level keeps `tenant`. */
function isTenantLabelled(name: string): boolean {
  if (name.includes(':')) return name.split(':')[0]!.split('_').includes(TENANT_LABEL);
  return findMetric(name)?.tenantScoped ?? false;
}

const inTenant = { origin: 'dashboard' as const, tenant: 'aurora-books' };

export const tenantIsolation: Check = {
  name: 'promql/tenant-isolation',
  doc:
    "In a tenant-scoped artifact on the shared Prometheus, every selector must carry exactly the tenant's " +
    "matcher: without it the panel or rule shows other tenants' data.",
  details:
    "Label-mode tenants share one Prometheus, and the tenant matcher is all that keeps a tenant's dashboard " +
    "to its own series: a selector without it, with another tenant's id, or with a regex shows other tenants' " +
    'data. A metric without a tenant label (kube-state-metrics, node or GPU exporters) cannot be scoped and has ' +
    "no place in a tenant's artifact. Build selectors with `selector(name, tenantScope(id))` of " +
    "@plotwatch/platform, which puts the tenant's matcher first. Mimir-mode tenants query a datasource of their " +
    "own, where isolation is the datasource's job: their artifacts are not checked.",
  cases: [
    { expr: 'sum(rate(http_requests_total{tenant="aurora-books"}[$__rate_interval]))', ctx: inTenant },
    { expr: 'tenant_service:http_requests:rate5m{tenant="aurora-books", service="story-api"}', ctx: inTenant },
    { expr: 'sum by (tenant) (rate(http_requests_total[5m]))', ctx: { origin: 'record' } },
    { expr: 'rate(http_requests_total[5m])', ctx: { ...inTenant, ownDatasource: true } },
    // Unknown to the catalog: promql/unknown-metric says so, and nothing here follows from it.
    { expr: 'sum(rate(http_request_total{tenant="aurora-books"}[$__rate_interval]))', ctx: inTenant },
    {
      expr: 'sum(rate(http_requests_total[$__rate_interval]))',
      ctx: inTenant,
      finds: /http_requests_total has no tenant matcher: add tenant="aurora-books"/,
    },
    {
      expr: 'tenant_service:http_requests:rate5m{tenant="inkwell"}',
      ctx: inTenant,
      finds: /matches tenant="inkwell" in tenant aurora-books's artifact/,
    },
    {
      expr: 'http_requests_in_flight{tenant=~"aurora.*"}',
      ctx: inTenant,
      finds: /must be exactly tenant="aurora-books"/,
    },
    {
      expr: 'sum(rate(container_cpu_usage_seconds_total[$__rate_interval]))',
      ctx: inTenant,
      finds: /has no tenant label: in tenant aurora-books's artifact it shows the whole platform's data/,
    },
  ],
  run: ({ walk, ctx }) => {
    const tenant = ctx.tenant;
    if (tenant === undefined || ctx.ownDatasource) return [];
    return walk.selectors.flatMap((s) => {
      const matcher = s.matchers.find((m) => m.label === TENANT_LABEL);
      const name = s.metric ?? 'a selector without a metric name';
      // A metric the catalog does not know is promql/unknown-metric's finding: whether it has a tenant label is not known.
      if (s.metric && !s.metric.includes(':') && !findMetric(s.metric)) return [];
      if (s.metric && !isTenantLabelled(s.metric)) {
        return [
          {
            from: s.from,
            to: s.to,
            message: `${name} has no tenant label: in tenant ${tenant}'s artifact it shows the whole platform's data`,
          },
        ];
      }
      if (!matcher)
        return [
          {
            from: s.from,
            to: s.to,
            message: `${name} has no tenant matcher: add tenant="${tenant}" (use selector() with the tenant's scope)`,
          },
        ];
      if (matcher.op !== '=' || matcher.value !== tenant) {
        return [
          {
            from: matcher.from,
            to: matcher.to,
            message: `${name} matches tenant${matcher.op}"${matcher.value}" in tenant ${tenant}'s artifact; it must be exactly tenant="${tenant}"`,
          },
        ];
      }
      return [];
    });
  },
};
