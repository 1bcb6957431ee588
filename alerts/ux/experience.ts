import { metricNamed, selector } from '@plotwatch/platform';
import { uxSignals } from '@plotwatch/recording-rules';
import { counterValues, label, quantileProof, seriesName, tenantThresholdAlert, tpl } from '@plotwatch/rules';

const response = metricNamed('user_interaction_response_duration_seconds');

/** Readers of a tenant wait too long for the response to their actions. */
export const interactionResponseTimeHigh = tenantThresholdAlert({
  name: 'InteractionResponseTimeHigh',
  threshold: 'interaction_p95_latency_seconds',
  comparison: '>',
  for: '10m',
  severity: 'page',
  persona: 'ops',
  service: 'story-api',
  signal: (scope) => selector(uxSignals.interactionP95, scope),
  summary: tpl`Readers of tenant ${label('tenant')} wait too long for responses`,
  description: tpl`The 95th percentile of the time from a reader's action to the visible response, for tenant ${label('tenant')}, is above its threshold.`,
  dashboard: { persona: 'product', slug: 'ux', panel: 'Interaction response time p95' },
  proof: quantileProof({
    metric: response.name,
    buckets: response.buckets!,
    quantile: 0.95,
    series: (tenant) => ({ tenant, service: 'story-api', channel: 'web', interaction: 'choice' }),
    labels: (tenant) => ({ tenant }),
  }),
});

/** Stories of a week of samples 5 minutes apart, the comparison's baseline. */
const WEEK_OF_SAMPLES = 7 * 24 * 12;
/** Finished stories per sample in the tests: half completed in the baseline week. */
const FINISHED = 1_000_000;
const stories = (tenant: string, outcome: 'completed' | 'abandoned') =>
  seriesName(`stories_${outcome}_total`, { tenant, service: 'session-service', story_type: 'mystery' });

/** Fewer of a tenant's readers finish their stories than in the same hour last week. */
export const storyCompletionRateDrop = tenantThresholdAlert({
  name: 'StoryCompletionRateDrop',
  threshold: 'completion_rate_min_ratio',
  comparison: '<',
  for: '1h',
  severity: 'ticket',
  persona: 'product',
  service: 'session-service',
  signal: (scope) =>
    `${selector(uxSignals.completionRatio, scope)} / ${selector(uxSignals.completionRatio, scope)} offset 1w`,
  summary: tpl`Story completion of tenant ${label('tenant')} dropped against last week`,
  description: tpl`Tenant ${label('tenant')}'s readers completed fewer of the stories they finished this hour than in the same hour last week (the share of last week's rate is shown).`,
  dashboard: { persona: 'product', slug: 'engagement', panel: 'Completion rate vs last week' },
  proof: {
    // Half the finished stories completed for a week, then `ratio` of that half.
    inputs: (tenant, ratio, steps) => {
      const completedNow = Math.round((FINISHED / 2) * ratio);
      const segments = (baseline: number, now: number) =>
        counterValues([
          { perStep: baseline, steps: WEEK_OF_SAMPLES },
          { perStep: now, steps: steps - WEEK_OF_SAMPLES },
        ]);
      return [
        { series: stories(tenant, 'completed'), values: segments(FINISHED / 2, completedNow) },
        { series: stories(tenant, 'abandoned'), values: segments(FINISHED / 2, FINISHED - completedNow) },
      ];
    },
    labels: (tenant) => ({ tenant }),
    // Evaluations two hours apart over a week and a bit: each hourly sum then holds one sample,
    // this week's from 1w2h on.
    timing: { interval: '5m', evaluationInterval: '2h', from: '7d2h', settled: '7d2h' },
  },
});
