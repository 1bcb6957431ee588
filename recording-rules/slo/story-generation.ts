import { metricNamed, selector, SLO_LATENCY_HISTOGRAMS } from '@plotwatch/platform';
import { goodAndBadBuckets, goodAndBadCounters, seriesName, type SloSpec } from '@plotwatch/rules';
import { sloSignals } from '../dashboards/index.ts';

const owner = { persona: 'ml', service: 'narrative-engine' } as const;
const requests = (tenant: string, outcome: string) =>
  seriesName('narrative_generation_requests_total', {
    tenant,
    service: 'narrative-engine',
    model: 'storyteller-v2',
    outcome,
  });

/** Story turns generated without error or timeout (a moderated turn is the system working). */
export const storyGenerationAvailability: SloSpec = {
  ...owner,
  id: 'story-generation-availability',
  title: 'Story generation availability',
  badEvents: 'story turns that failed (error or timeout)',
  dashboard: { persona: 'product', slug: 'overview', panel: 'Story generation availability' },
  objective: (tenant) => tenant.slo.storyGeneration.availability,
  sli: {
    kind: 'ratio',
    errors: (scope) => selector(sloSignals.generationFailures, scope),
    requests: (scope) => selector(sloSignals.generationRequests, scope),
  },
  presence: (scope) => selector('narrative_generation_requests_total', scope),
  traffic: (tenant, segments) =>
    goodAndBadCounters({ good: requests(tenant, 'success'), bad: requests(tenant, 'error'), segments }),
};

const generationDuration = metricNamed(SLO_LATENCY_HISTOGRAMS.storyGeneration);

/** Story turns generated within the tenant's latency threshold. */
export const storyGenerationLatency: SloSpec = {
  ...owner,
  id: 'story-generation-latency',
  title: 'Story generation latency',
  badEvents: 'story turns slower than the threshold',
  dashboard: { persona: 'product', slug: 'overview', panel: 'Story generation latency SLO' },
  objective: (tenant) => tenant.slo.storyGeneration.latency.objective,
  sli: {
    kind: 'latency',
    bucketRates: sloSignals.generationLatencyBuckets,
    histogram: generationDuration.name,
    thresholdSeconds: (tenant) => tenant.slo.storyGeneration.latency.thresholdSeconds,
  },
  presence: (scope) => selector(`${generationDuration.name}_bucket`, scope),
  traffic: (tenant, segments) =>
    goodAndBadBuckets({
      metric: generationDuration.name,
      labels: { tenant, service: 'narrative-engine', model: 'storyteller-v2', story_type: 'mystery' },
      buckets: generationDuration.buckets!,
      segments,
    }),
};
