import { metricNamed, selector } from '@plotwatch/platform';
import { aiSignals } from '@plotwatch/recording-rules';
import {
  counterValues,
  gaugeProof,
  label,
  PROOF_SCALE,
  quantileProof,
  seriesName,
  tenantThresholdAlert,
  tpl,
} from '@plotwatch/rules';

const model = 'storyteller-v2';
const perModel = (tenant: string) => ({ tenant, model });
const ml = { persona: 'ml', comparison: '>' } as const;
const panel = (slug: 'inference' | 'quality', title: string) => ({ persona: 'ml', slug, panel: title }) as const;

const inference = metricNamed('model_inference_duration_seconds');

/** A model's 95th percentile inference time for a tenant is above the tenant's threshold. */
export const inferenceLatencyHigh = tenantThresholdAlert({
  ...ml,
  name: 'InferenceLatencyHigh',
  threshold: 'inference_p95_latency_seconds',
  for: '15m',
  severity: 'ticket',
  service: 'model-gateway',
  signal: (scope) => selector(aiSignals.inferenceP95, scope),
  summary: tpl`Model ${label('model')} is slow for tenant ${label('tenant')}`,
  description: tpl`The 95th percentile of ${label('model')}'s inference time for tenant ${label('tenant')} is above its threshold.`,
  dashboard: panel('inference', 'Inference latency p95 by model'),
  proof: quantileProof({
    metric: inference.name,
    buckets: inference.buckets!,
    quantile: 0.95,
    series: (tenant) => ({ tenant, service: 'model-gateway', model, provider: 'self-hosted' }),
    labels: perModel,
  }),
});

/** The hour the token rate is compared with: a collapse is sudden, a slow decline is the day's rhythm. */
const COMPARED_WITH = '1h';
const tokenSeries = (tenant: string) =>
  seriesName('model_tokens_total', { tenant, service: 'model-gateway', model, direction: 'output' });

/** A tenant's token throughput collapsed against an hour ago: generation has all but stopped. */
export const tokenThroughputCollapse = tenantThresholdAlert({
  name: 'TokenThroughputCollapse',
  threshold: 'token_throughput_min_ratio',
  comparison: '<',
  for: '10m',
  severity: 'page',
  persona: 'ml',
  service: 'model-gateway',
  signal: (scope) =>
    `${selector(aiSignals.tokens, scope)} / ${selector(aiSignals.tokens, scope)} offset ${COMPARED_WITH}`,
  summary: tpl`Token throughput of tenant ${label('tenant')} collapsed`,
  description: tpl`Tenant ${label('tenant')} processes far fewer tokens per second than ${COMPARED_WITH} ago (the share of then is shown).`,
  dashboard: panel('inference', 'Token throughput'),
  proof: {
    // PROOF_SCALE tokens a minute for an hour, then `ratio` of that: the 5m rates on either side are exact.
    inputs: (tenant, ratio, steps) => [
      {
        series: tokenSeries(tenant),
        values: counterValues([
          { perStep: PROOF_SCALE, steps: 60 },
          { perStep: Math.round(ratio * PROOF_SCALE), steps: steps - 60 },
        ]),
      },
    ],
    labels: (tenant) => ({ tenant }),
    timing: { from: '65m', settled: '65m' },
  },
});

/** A model's inputs drifted from the population it was trained on. */
export const modelDriftHigh = tenantThresholdAlert({
  ...ml,
  name: 'ModelDriftHigh',
  threshold: 'model_drift_score',
  for: '30m',
  severity: 'ticket',
  service: 'model-gateway',
  signal: (scope) => `max by (tenant, model) (${selector('model_drift_score', scope)})`,
  summary: tpl`Inputs of model ${label('model')} drifted for tenant ${label('tenant')}`,
  description: tpl`The drift score of ${label('model')}'s inputs for tenant ${label('tenant')} has stayed above its threshold for 30m.`,
  dashboard: panel('quality', 'Drift score by model'),
  proof: gaugeProof({
    series: (tenant, value) => [
      {
        series: seriesName('model_drift_score', {
          tenant,
          service: 'model-gateway',
          model,
          feature_set: 'reader-profile',
        }),
        value,
      },
    ],
    labels: perModel,
  }),
});

/** Personalization ranks content worse than the tenant expects. */
export const personalizationAccuracyLow = tenantThresholdAlert({
  name: 'PersonalizationAccuracyLow',
  threshold: 'personalization_accuracy_min',
  comparison: '<',
  for: '30m',
  severity: 'ticket',
  persona: 'ml',
  service: 'personalization',
  signal: (scope) => `avg by (tenant, model) (${selector('content_personalization_accuracy_ratio', scope)})`,
  summary: tpl`Personalization accuracy dropped for tenant ${label('tenant')}`,
  description: tpl`The evaluated accuracy of ${label('model')}'s personalization for tenant ${label('tenant')} is below the tenant's minimum.`,
  dashboard: panel('quality', 'Personalization accuracy'),
  proof: gaugeProof({
    series: (tenant, value) => [
      {
        series: seriesName('content_personalization_accuracy_ratio', { tenant, service: 'personalization', model }),
        value,
      },
    ],
    labels: perModel,
  }),
});
