import { metricNamed, selector, type QueryScope } from '@plotwatch/platform';
import { goldenSignals } from '@plotwatch/recording-rules';
import { gaugeProof, label, quantileProof, ratioProof, seriesName, tenantThresholdAlert, tpl } from '@plotwatch/rules';

const service = 'story-api';
const storyApi = (scope: QueryScope, name: string) => selector(name, scope, { service });
const requestLabels = (tenant: string) => ({ tenant, service, route: '/v1/turns', method: 'POST' });
const alerted = (tenant: string) => ({ tenant, service });
const common = { persona: 'ops', service, comparison: '>' } as const;
const panel = (title: string) => ({ persona: 'ops', slug: 'story-api', panel: title }) as const;

/** story-api answers too many of a tenant's requests with a 5xx. */
export const storyApiHighErrorRatio = tenantThresholdAlert({
  ...common,
  name: 'StoryApiHighErrorRatio',
  threshold: 'story_api_error_ratio',
  for: '10m',
  severity: 'page',
  signal: (scope) => storyApi(scope, goldenSignals.errorRatio),
  summary: tpl`story-api is failing requests of tenant ${label('tenant')}`,
  description: tpl`story-api answered too many requests of tenant ${label('tenant')} with a 5xx over the last 5m.`,
  dashboard: panel('Error ratio (5xx)'),
  proof: ratioProof({
    good: (t) => seriesName('http_requests_total', { ...requestLabels(t), code: '200' }),
    bad: (t) => seriesName('http_requests_total', { ...requestLabels(t), code: '503' }),
    labels: alerted,
  }),
});

const duration = metricNamed('http_request_duration_seconds');

/** story-api's 95th percentile latency for a tenant is above the tenant's threshold. */
export const storyApiHighLatency = tenantThresholdAlert({
  ...common,
  name: 'StoryApiHighLatency',
  threshold: 'story_api_p95_latency_seconds',
  for: '10m',
  severity: 'page',
  signal: (scope) => storyApi(scope, goldenSignals.latencyP95),
  summary: tpl`story-api is slow for tenant ${label('tenant')}`,
  description: tpl`The 95th percentile of story-api's latency for tenant ${label('tenant')} is above its threshold.`,
  dashboard: panel('Latency p95'),
  proof: quantileProof({
    metric: duration.name,
    buckets: duration.buckets!,
    quantile: 0.95,
    series: requestLabels,
    labels: alerted,
  }),
});

/** A tenant keeps more requests in flight on story-api than its tier allows: requests queue. */
export const storyApiSaturated = tenantThresholdAlert({
  ...common,
  name: 'StoryApiSaturated',
  threshold: 'story_api_max_in_flight_requests',
  for: '15m',
  severity: 'ticket',
  signal: (scope) => storyApi(scope, goldenSignals.inFlight),
  summary: tpl`story-api is saturated by tenant ${label('tenant')}`,
  description: tpl`Tenant ${label('tenant')} keeps more story-api requests in flight than its limit.`,
  dashboard: panel('Saturation: requests in flight'),
  proof: gaugeProof({
    series: (t, value) => [{ series: seriesName('http_requests_in_flight', alerted(t)), value }],
    labels: alerted,
  }),
});
