import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';
import { latencyQuantile, latencyQuantiles, mlSignals } from '../dashboards/index.ts';

/** Per-tenant AI signals the alerts compare with their thresholds. */
export const aiSignals = {
  moderationRejectionRatio: recordName(['tenant'], 'content_moderation_rejections', 'ratio_rate10m'),
  inferenceP95: latencyQuantile(latencyQuantiles.inference, 0.95),
  tokens: recordName(['tenant'], 'model_tokens', 'rate5m'),
} as const;

const moderation = (matchers: Record<string, string>) =>
  `sum by (tenant) (rate(${selector('content_processing_items_total', PLATFORM_SCOPE, { stage: 'moderation', ...matchers })}[10m]))`;

export const aiAlertingRules: RecordingGroupDefinition = {
  name: 'ai-alerting',
  source: import.meta.url,
  rules: [
    // Over 10m: moderation verdicts come in bursts, a 5m ratio flaps.
    { record: aiSignals.moderationRejectionRatio, expr: `${moderation({ outcome: 'rejected' })} / ${moderation({})}` },
    { record: aiSignals.tokens, expr: `sum by (tenant) (${mlSignals.tokens})` },
  ],
};
