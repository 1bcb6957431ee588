import { selector } from '@plotwatch/platform';
import { aiSignals, sloSignals } from '@plotwatch/recording-rules';
import { label, ratioProof, seriesName, tenantThresholdAlert, tpl } from '@plotwatch/rules';

const tenantOnly = (tenant: string) => ({ tenant });

/** Too many of a tenant's story turns fail to generate (error or timeout). */
export const generationFailureRatioHigh = tenantThresholdAlert({
  name: 'GenerationFailureRatioHigh',
  threshold: 'generation_failure_ratio',
  comparison: '>',
  for: '10m',
  severity: 'page',
  persona: 'ml',
  service: 'narrative-engine',
  signal: (scope) =>
    `${selector(sloSignals.generationFailures, scope)} / ${selector(sloSignals.generationRequests, scope)}`,
  summary: tpl`Story generation is failing for tenant ${label('tenant')}`,
  description: tpl`Too many story turns of tenant ${label('tenant')} ended in an error or a timeout over the last 5m.`,
  dashboard: { persona: 'ml', slug: 'inference', panel: 'Generation failure ratio' },
  proof: ratioProof({
    good: (tenant) =>
      seriesName('narrative_generation_requests_total', {
        tenant,
        service: 'narrative-engine',
        model: 'storyteller-v2',
        outcome: 'success',
      }),
    bad: (tenant) =>
      seriesName('narrative_generation_requests_total', {
        tenant,
        service: 'narrative-engine',
        model: 'storyteller-v2',
        outcome: 'timeout',
      }),
    labels: tenantOnly,
  }),
});

const moderated = (tenant: string, outcome: string) =>
  seriesName('content_processing_items_total', { tenant, service: 'content-pipeline', stage: 'moderation', outcome });

/** Moderation rejects a spike of a tenant's content: a prompt or model regression, or abuse. */
export const moderationRejectionSpike = tenantThresholdAlert({
  name: 'ModerationRejectionSpike',
  threshold: 'moderation_rejection_ratio',
  comparison: '>',
  for: '15m',
  severity: 'ticket',
  persona: 'ml',
  service: 'content-pipeline',
  signal: (scope) => selector(aiSignals.moderationRejectionRatio, scope),
  summary: tpl`Moderation rejects much of tenant ${label('tenant')}'s content`,
  description: tpl`Moderation rejected an unusual share of tenant ${label('tenant')}'s content items over the last 10m.`,
  dashboard: { persona: 'ml', slug: 'quality', panel: 'Moderation rejection ratio' },
  proof: ratioProof({ good: (t) => moderated(t, 'success'), bad: (t) => moderated(t, 'rejected'), labels: tenantOnly }),
});
