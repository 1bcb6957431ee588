import {
  barGaugePanel,
  defineTenantDashboard,
  query,
  row,
  tenantLimit,
  timeseriesPanel,
  units,
} from '@plotwatch/grafana';
import { selector, tenantScope } from '@plotwatch/platform';
import { aiSignals, mlSignals } from '@plotwatch/recording-rules';

/** Whether the tenant's models still fit its readers: drift, accuracy, quality, moderation. */
export const qualityDashboard = defineTenantDashboard(
  { slug: 'quality', persona: 'ml', source: import.meta.url },
  (ctx) => {
    const s = (name: string, matchers = {}) => selector(name, tenantScope(ctx.tenant.id), matchers);
    return {
      title: 'Model quality',
      description: `Model quality for ${ctx.tenant.displayName}: input drift, personalization accuracy, content quality and moderation.`,
      from: 'now-7d',
      rows: [
        row('Models', [
          timeseriesPanel({
            title: 'Drift score by model',
            unit: units.score,
            min: 0,
            description: "Population drift of each model's inputs (0 = none), the worst feature set per model.",
            queries: [query(`max by (model) (${s('model_drift_score')})`, '{{model}}')],
            limit: tenantLimit(ctx.tenant, 'model_drift_score'),
          }),
          barGaugePanel({
            title: 'Drift score by feature set',
            unit: units.score,
            min: 0,
            description: "Current drift of each model's feature sets: which inputs moved.",
            queries: [query(`max by (model, feature_set) (${s('model_drift_score')})`, '{{model}} · {{feature_set}}')],
            limit: tenantLimit(ctx.tenant, 'model_drift_score'),
          }),
          timeseriesPanel({
            title: 'Personalization accuracy',
            unit: units.ratio,
            min: 0,
            max: 1,
            description: 'Offline-evaluated accuracy of personalization, per model.',
            queries: [query(`avg by (model) (${s('content_personalization_accuracy_ratio')})`, '{{model}}')],
            limit: tenantLimit(ctx.tenant, 'personalization_accuracy_min', 'below'),
          }),
          timeseriesPanel({
            title: 'Content quality score',
            unit: units.score,
            min: 0,
            max: 1,
            description: 'Quality of generated content (0-1), per evaluator: coherence, engagement, safety.',
            queries: [query(`avg by (evaluator) (${s('content_quality_score')})`, '{{evaluator}}')],
          }),
        ]),
        row('Moderation', [
          timeseriesPanel({
            title: 'Moderation flags by category',
            unit: units.perSecond,
            min: 0,
            stacked: true,
            description: 'Content flagged by moderation per second, by category.',
            queries: [query(`sum by (category) (${s(mlSignals.moderationFlags)})`, '{{category}}')],
          }),
          timeseriesPanel({
            title: 'Moderation rejection ratio',
            unit: units.ratio,
            min: 0,
            description: 'Share of content items the moderation stage rejected, over 10m (the series its alert reads).',
            queries: [query(s(aiSignals.moderationRejectionRatio), 'rejected')],
            limit: tenantLimit(ctx.tenant, 'moderation_rejection_ratio'),
          }),
        ]),
      ],
    };
  },
);
