import { DashboardBuilder, DashboardCursorSync } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  checkedDashboardUid, datasourceVariable, fixedTenantVariable, gridLayout, prometheusQuery, refreshInterval, timeseriesPanel,
  type DashboardDefinition,
} from '@plotwatch/grafana';
import { selector, tenantDatasourceUid, tenantScope, thresholdSpecs } from '@plotwatch/platform';
import { goldenSignals } from '@plotwatch/recording-rules';

const PANELS = { requestRate: 1, errorRatio: 2, latencyP95: 3, saturation: 4 } as const;

/** story-api's golden signals for one tenant: traffic, errors, latency, saturation. */
export const storyApiDashboard: DashboardDefinition = {
  slug: 'story-api',
  persona: 'ops',
  scope: 'tenant',
  source: import.meta.url,
  build: ({ tenant, persona, env }) => {
    const scope = tenantScope(tenant.id);
    const storyApi = (series: string) => selector(series, scope, { service: 'story-api' });
    const { thresholds } = tenant;
    const panels = gridLayout([
      timeseriesPanel({
        id: PANELS.requestRate, title: 'Request rate', unit: 'reqps', min: 0,
        description: 'Requests per second served to this tenant by story-api.',
        queries: [prometheusQuery(storyApi(goldenSignals.requestRate), 'requests/s')],
      }),
      timeseriesPanel({
        id: PANELS.errorRatio, title: 'Error ratio (5xx)', unit: 'percentunit', min: 0,
        description: 'Share of requests answered with a 5xx over 5m.',
        queries: [prometheusQuery(storyApi(goldenSignals.errorRatio), 'errors')],
        threshold: { value: thresholds.story_api_error_ratio, label: `the alert threshold (${thresholdSpecs.story_api_error_ratio.description.toLowerCase()})` },
      }),
      timeseriesPanel({
        id: PANELS.latencyP95, title: 'Latency p95', unit: 's', min: 0,
        description: '95th percentile of request latency over 5m.',
        queries: [prometheusQuery(storyApi(goldenSignals.latencyP95), 'p95')],
        threshold: { value: thresholds.story_api_p95_latency_seconds, label: "the tenant's p95 latency objective" },
      }),
      timeseriesPanel({
        id: PANELS.saturation, title: 'Saturation: requests in flight', unit: 'short', min: 0,
        description: 'Concurrent requests, against the concurrency the tenant is allowed.',
        queries: [prometheusQuery(storyApi(goldenSignals.inFlight), 'in flight')],
        threshold: { value: thresholds.story_api_max_in_flight_requests, label: "the tenant's concurrency limit" },
      }),
    ]);
    const dashboard = new DashboardBuilder(`${tenant.displayName} · story-api`)
      .uid(checkedDashboardUid(tenant.id, persona.id, 'story-api'))
      .description(`Golden signals of story-api for ${tenant.displayName}.`)
      .tags(['plotwatch', `tenant:${tenant.id}`, `persona:${persona.id}`, 'service:story-api'])
      .editable()
      .refresh(refreshInterval(persona, env))
      .time({ from: 'now-6h', to: 'now' })
      .timezone('utc')
      .tooltip(DashboardCursorSync.Crosshair)
      .withVariable(datasourceVariable(tenantDatasourceUid(env, tenant)))
      .withVariable(fixedTenantVariable(tenant.id));
    for (const panel of panels) dashboard.withPanel(panel);
    return dashboard;
  },
};
