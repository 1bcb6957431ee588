import { defineTenantDashboard, query, row, type Row, timeseriesPanel, units } from '@plotwatch/grafana';
import { selector, tenantScope, type QueryScope } from '@plotwatch/platform';
import { capacitySignals } from '@plotwatch/recording-rules';
import { serviceRow } from '../shared/golden-signals.ts';

/**
 * CPU, memory and restarts of the pods dedicated to this tenant (labelled plotwatch.io/tenant); empty when it has none.
 */
function dedicatedInfrastructureRow(scope: QueryScope): Row {
  const byContainer = (name: string) => `sum by (container) (${selector(name, scope)})`;
  return row('Dedicated infrastructure', [
    timeseriesPanel({
      title: 'Dedicated CPU usage',
      unit: units.cores,
      min: 0,
      width: 8,
      description:
        'CPU cores used by the pods that serve only this tenant (such as its own inference workers), per container. Empty when the tenant has none.',
      queries: [query(byContainer(capacitySignals.tenantCpu), '{{container}}')],
    }),
    timeseriesPanel({
      title: 'Dedicated memory working set',
      unit: units.bytes,
      min: 0,
      width: 8,
      description: "Working-set memory of the tenant's dedicated pods, per container.",
      queries: [query(byContainer(capacitySignals.tenantMemory), '{{container}}')],
    }),
    timeseriesPanel({
      title: 'Dedicated container restarts',
      unit: units.count,
      min: 0,
      width: 8,
      description:
        "Restarts of the tenant's dedicated containers over the last hour: crash loops show as a climbing line.",
      queries: [query(byContainer(capacitySignals.tenantRestarts), '{{container}}')],
    }),
  ]);
}

/** The golden signals of every service of the platform, as this tenant experiences them. */
export const servicesDashboard = defineTenantDashboard(
  { slug: 'services', persona: 'ops', source: import.meta.url },
  (ctx) => {
    const scope = tenantScope(ctx.tenant.id);
    return {
      title: 'Services',
      description: `Traffic, errors, latency and saturation of every service, for ${ctx.tenant.displayName}'s requests only.`,
      rows: [
        ...ctx.platform.services.map((s) => serviceRow(ctx.env, scope, s.name)),
        dedicatedInfrastructureRow(scope),
      ],
    };
  },
);
