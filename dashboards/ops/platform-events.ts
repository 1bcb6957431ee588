import { definePlatformDashboard } from '@plotwatch/grafana';
import { PLATFORM_SCOPE } from '@plotwatch/platform';
import { eventPipelineRows } from '../shared/event-pipeline.ts';

/** The event bus across all tenants. */
export const platformEventsDashboard = definePlatformDashboard(
  { slug: 'events', persona: 'ops', source: import.meta.url },
  (ctx) => ({
    title: 'Event pipeline',
    description:
      'The event bus across the tenants of the shared Prometheus: backlog, dead letters, latency, throughput.',
    rows: eventPipelineRows(ctx.env, PLATFORM_SCOPE),
  }),
);
