import {
  defineTenantDashboard,
  heatmapPanel,
  type Limit,
  query,
  row,
  tenantLimit,
  timeseriesPanel,
  units,
} from '@plotwatch/grafana';
import { selector, tenantScope, type SloTarget } from '@plotwatch/platform';
import { latencyQuantiles, sloSignals } from '@plotwatch/recording-rules';
import { latencyLinks, percentileOf, recordedPercentile } from '../shared/latency.ts';

/** The latency SLO's threshold, as the line its percentile should stay under. */
function sloLimit(slo: SloTarget): Limit {
  return {
    value: slo.latency.thresholdSeconds,
    label: `the latency SLO (${slo.latency.objective * 100}% within ${slo.latency.thresholdSeconds}s)`,
    bad: 'above',
  };
}

/** What readers wait for: interaction response time against its SLO, and generation latency as they feel it. */
export const uxDashboard = defineTenantDashboard({ slug: 'ux', persona: 'product', source: import.meta.url }, (ctx) => {
  const scope = tenantScope(ctx.tenant.id);
  const { userInteraction, storyGeneration } = ctx.tenant.slo;
  const interactionLinks = latencyLinks(ctx.env, scope, 'story-api');
  const generationLinks = latencyLinks(ctx.env, scope, 'narrative-engine');
  return {
    title: 'User experience',
    description: `How long ${ctx.tenant.displayName}'s readers wait, against the SLOs they were promised.`,
    rows: [
      row('Interactions', [
        timeseriesPanel({
          title: 'Interaction response time p95',
          unit: units.seconds,
          min: 0,
          description: `Time from a reader's action to the visible response over 5m: the 95th percentile, and the percentile the SLO is written for (p${userInteraction.latency.objective * 100}, within ${userInteraction.latency.thresholdSeconds}s).`,
          dataLinks: interactionLinks,
          queries: [
            query(recordedPercentile(latencyQuantiles.interactions, 0.95, scope), 'p95'),
            query(
              percentileOf(latencyQuantiles.interactions, userInteraction.latency.objective, scope),
              `p${userInteraction.latency.objective * 100} (SLO)`,
            ),
          ],
          limit: tenantLimit(ctx.tenant, 'interaction_p95_latency_seconds'),
        }),
        timeseriesPanel({
          title: 'Interaction response time p95 by channel',
          unit: units.seconds,
          min: 0,
          description:
            'The 95th percentile of interaction response time over 5m, per channel (web, iOS, Android, API).',
          dataLinks: interactionLinks,
          queries: [query(recordedPercentile(latencyQuantiles.interactionsByChannel, 0.95, scope), '{{channel}}')],
          limit: tenantLimit(ctx.tenant, 'interaction_p95_latency_seconds'),
        }),
        heatmapPanel({
          title: 'Interaction response time distribution',
          unit: units.seconds,
          description: 'How interaction response times spread over the latency buckets.',
          queries: [query(`sum by (le) (${selector(sloSignals.interactionLatencyBuckets, scope)})`, '{{le}}')],
        }),
      ]),
      row('Story generation', [
        timeseriesPanel({
          title: 'Generation latency p95',
          unit: units.seconds,
          min: 0,
          description: `Time to generate one story turn over 5m, as readers wait for it: the 95th percentile, and the SLO's percentile (p${storyGeneration.latency.objective * 100}).`,
          dataLinks: generationLinks,
          queries: [
            query(recordedPercentile(latencyQuantiles.generation, 0.95, scope), 'p95'),
            query(
              percentileOf(latencyQuantiles.generation, storyGeneration.latency.objective, scope),
              `p${storyGeneration.latency.objective * 100} (SLO)`,
            ),
          ],
          limit: sloLimit(storyGeneration),
        }),
        heatmapPanel({
          title: 'Generation latency distribution',
          unit: units.seconds,
          description: 'How story-turn generation times spread over the latency buckets.',
          queries: [query(`sum by (le) (${selector(sloSignals.generationLatencyBuckets, scope)})`, '{{le}}')],
        }),
      ]),
    ],
  };
});
