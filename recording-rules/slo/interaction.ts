import { metricNamed, selector, SLO_LATENCY_HISTOGRAMS } from '@plotwatch/platform';
import { goodAndBadBuckets, goodAndBadCounters, seriesName, type SloSpec } from '@plotwatch/rules';
import { sloSignals } from '../dashboards/index.ts';
import { goldenSignals } from '../services/golden-signals.ts';

const owner = { persona: 'ops', service: 'story-api' } as const;
const storyApi = { service: 'story-api' };
const requests = (tenant: string, code: string) =>
  seriesName('http_requests_total', { tenant, service: 'story-api', route: '/v1/turns', method: 'POST', code });

/** Reader requests story-api answers without a 5xx: the gateway is where every interaction enters. */
export const interactionAvailability: SloSpec = {
  ...owner,
  id: 'interaction-availability',
  title: 'Interaction availability',
  badEvents: 'story-api requests answered with a 5xx',
  dashboard: { persona: 'product', slug: 'overview', panel: 'Interaction availability' },
  objective: (tenant) => tenant.slo.userInteraction.availability,
  sli: {
    kind: 'ratio',
    errors: (scope) => selector(goldenSignals.errorRate, scope, storyApi),
    requests: (scope) => selector(goldenSignals.requestRate, scope, storyApi),
  },
  presence: (scope) => selector('http_requests_total', scope, storyApi),
  traffic: (tenant, segments) =>
    goodAndBadCounters({ good: requests(tenant, '200'), bad: requests(tenant, '503'), segments }),
};

const responseDuration = metricNamed(SLO_LATENCY_HISTOGRAMS.userInteraction);

/** Reader actions answered within the tenant's latency threshold. */
export const interactionLatency: SloSpec = {
  ...owner,
  id: 'interaction-latency',
  title: 'Interaction latency',
  badEvents: 'reader actions answered slower than the threshold',
  dashboard: { persona: 'product', slug: 'overview', panel: 'Interaction latency SLO' },
  objective: (tenant) => tenant.slo.userInteraction.latency.objective,
  sli: {
    kind: 'latency',
    bucketRates: sloSignals.interactionLatencyBuckets,
    histogram: responseDuration.name,
    thresholdSeconds: (tenant) => tenant.slo.userInteraction.latency.thresholdSeconds,
  },
  presence: (scope) => selector(`${responseDuration.name}_bucket`, scope),
  traffic: (tenant, segments) =>
    goodAndBadBuckets({
      metric: responseDuration.name,
      labels: { tenant, service: 'story-api', channel: 'web', interaction: 'choice' },
      buckets: responseDuration.buckets!,
      segments,
    }),
};
