import { defineTenantDashboard, tenantLimit } from '@plotwatch/grafana';
import { tenantScope } from '@plotwatch/platform';
import { serviceRow } from '../shared/golden-signals.ts';

/** story-api's golden signals for one tenant, against the tenant's alert thresholds. */
export const storyApiDashboard = defineTenantDashboard(
  { slug: 'story-api', persona: 'ops', source: import.meta.url },
  (ctx) => ({
    title: 'story-api',
    description: `Golden signals of story-api, the public gateway, for ${ctx.tenant.displayName}.`,
    tags: ['service:story-api'],
    rows: [
      serviceRow(ctx.env, tenantScope(ctx.tenant.id), 'story-api', {
        titles: {
          traffic: 'Request rate',
          errors: 'Error ratio (5xx)',
          latency: 'Latency p95',
          saturation: 'Saturation: requests in flight',
        },
        limits: {
          errors: tenantLimit(ctx.tenant, 'story_api_error_ratio'),
          latency: tenantLimit(ctx.tenant, 'story_api_p95_latency_seconds'),
          saturation: tenantLimit(ctx.tenant, 'story_api_max_in_flight_requests'),
        },
      }),
    ],
  }),
);
