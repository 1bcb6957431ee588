import { defineTenantDashboard, heatmapPanel, type Limit, percentile, query, row, tenantLimit, timeseriesPanel, units } from '@plotwatch/grafana';
import { tenantScope, type SloTarget } from '@plotwatch/platform';
import { mlSignals, sloSignals } from '@plotwatch/recording-rules';
import { latencySource } from '../shared/latency.ts';

/** The latency SLO's threshold, as the line its percentile should stay under. */
function sloLimit(slo: SloTarget): Limit {
  return { value: slo.latency.thresholdSeconds, label: `the latency SLO (${slo.latency.objective * 100}% within ${slo.latency.thresholdSeconds}s)`, bad: 'above' };
}

/** What readers wait for: interaction response time against its SLO, and generation latency as they feel it. */
export const uxDashboard = defineTenantDashboard({ slug: 'ux', persona: 'product', source: import.meta.url }, (ctx) => {
  const scope = tenantScope(ctx.tenant.id);
  const { userInteraction, storyGeneration } = ctx.tenant.slo;
  const interactions = latencySource({ env: ctx.env, scope, service: 'story-api', histogram: 'user_interaction_response_duration_seconds_bucket', recorded: sloSignals.interactionLatencyBuckets });
  const generation = latencySource({ env: ctx.env, scope, service: 'narrative-engine', histogram: 'narrative_generation_duration_seconds_bucket', recorded: mlSignals.generationBuckets });
  return {
    title: 'User experience',
    description: `How long ${ctx.tenant.displayName}'s readers wait, against the SLOs they were promised.`,
    rows: [
      row('Interactions', [
        timeseriesPanel({
          title: 'Interaction response time p95', unit: units.seconds, min: 0,
          description: `Time from a reader's action to the visible response: the 95th percentile, and the percentile the SLO is written for (p${userInteraction.latency.objective * 100}, within ${userInteraction.latency.thresholdSeconds}s).${interactions.note}`, dataLinks: interactions.dataLinks,
          queries: [
            query(percentile(0.95, interactions.buckets), 'p95', { exemplars: interactions.exemplars }),
            query(percentile(userInteraction.latency.objective, interactions.buckets), `p${userInteraction.latency.objective * 100} (SLO)`),
          ],
          limit: tenantLimit(ctx.tenant, 'interaction_p95_latency_seconds'),
        }),
        timeseriesPanel({
          title: 'Interaction response time p95 by channel', unit: units.seconds, min: 0,
          description: `The 95th percentile of interaction response time, per channel (web, iOS, Android, API).${interactions.note}`,
          dataLinks: interactions.dataLinks,
          queries: [query(percentile(0.95, interactions.buckets, ['channel']), '{{channel}}', { exemplars: interactions.exemplars })],
          limit: tenantLimit(ctx.tenant, 'interaction_p95_latency_seconds'),
        }),
        heatmapPanel({
          title: 'Interaction response time distribution', unit: units.seconds,
          description: 'How interaction response times spread over the latency buckets.',
          queries: [query(`sum by (le) (${interactions.buckets})`, '{{le}}')],
        }),
      ]),
      row('Story generation', [
        timeseriesPanel({
          title: 'Generation latency p95', unit: units.seconds, min: 0,
          description: `Time to generate one story turn, as readers wait for it: the 95th percentile, and the SLO's percentile (p${storyGeneration.latency.objective * 100}).${generation.note}`, dataLinks: generation.dataLinks,
          queries: [
            query(percentile(0.95, generation.buckets), 'p95', { exemplars: generation.exemplars }),
            query(percentile(storyGeneration.latency.objective, generation.buckets), `p${storyGeneration.latency.objective * 100} (SLO)`),
          ],
          limit: sloLimit(storyGeneration),
        }),
        heatmapPanel({
          title: 'Generation latency distribution', unit: units.seconds,
          description: 'How story-turn generation times spread over the latency buckets.',
          queries: [query(`sum by (le) (${generation.buckets})`, '{{le}}')],
        }),
      ]),
    ],
  };
});
