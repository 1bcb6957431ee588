import { defineTenantDashboard, tenantLimit } from '@plotwatch/grafana';
import { tenantScope } from '@plotwatch/platform';
import { eventPipelineRows } from '../shared/event-pipeline.ts';

/** A tenant's event flow through the bus: backlog, dead letters, latency, throughput. */
export const eventsDashboard = defineTenantDashboard(
  { slug: 'events', persona: 'ops', source: import.meta.url },
  (ctx) => ({
    title: 'Event pipeline',
    description: `The event bus as ${ctx.tenant.displayName}'s events go through it.`,
    rows: eventPipelineRows(ctx.env, tenantScope(ctx.tenant.id), {
      consumerLag: tenantLimit(ctx.tenant, 'consumer_lag_max_messages'),
      deadLetters: tenantLimit(ctx.tenant, 'dead_letters_per_minute'),
    }),
  }),
);
