import { findMetric, TENANT_LABEL } from '@plotwatch/platform';
import type { Check } from '../check.ts';

/** Catalog metrics with a tenant label, and recordings whose level keeps `tenant`. */
function isTenantLabelled(name: string): boolean {
  if (name.includes(':')) return name.split(':')[0]!.split('_').includes(TENANT_LABEL);
  return findMetric(name)?.tenantScoped ?? false;
}

export const tenantIsolation: Check = {
  name: 'promql/tenant-isolation',
  doc: "In a tenant-scoped artifact on the shared Prometheus, every selector must carry exactly the tenant's matcher: without it the panel or rule shows other tenants' data.",
  run: ({ walk, ctx }) => {
    const tenant = ctx.tenant;
    if (tenant === undefined || ctx.ownDatasource) return [];
    return walk.selectors.flatMap((s) => {
      const matcher = s.matchers.find((m) => m.label === TENANT_LABEL);
      const name = s.metric ?? 'a selector without a metric name';
      if (s.metric && !isTenantLabelled(s.metric)) {
        return [{ from: s.from, to: s.to, message: `${name} has no tenant label: in tenant ${tenant}'s artifact it shows the whole platform's data` }];
      }
      if (!matcher) return [{ from: s.from, to: s.to, message: `${name} has no tenant matcher: add tenant="${tenant}" (use selector() with the tenant's scope)` }];
      if (matcher.op !== '=' || matcher.value !== tenant) {
        return [{ from: matcher.from, to: matcher.to, message: `${name} matches tenant${matcher.op}"${matcher.value}" in tenant ${tenant}'s artifact; it must be exactly tenant="${tenant}"` }];
      }
      return [];
    });
  },
};
