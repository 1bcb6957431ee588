import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';
import { engagementSignals, latencyQuantile, latencyQuantiles } from '../dashboards/index.ts';

/** Per-tenant reader-experience signals the alerts compare with their thresholds. */
export const uxSignals = {
  interactionP95: latencyQuantile(latencyQuantiles.interactions, 0.95),
  completionRatio: recordName(['tenant'], 'stories_completion', 'ratio_rate1h'),
} as const;

const overHour = (series: string) => `sum by (tenant) (sum_over_time(${series}[1h]))`;

export const uxAlertingRules: RecordingGroupDefinition = {
  name: 'ux-alerting',
  source: import.meta.url,
  rules: [
    {
      // Completed out of finished (completed or abandoned), as the engagement dashboard shows it; over an hour, so
      // that comparing with the same hour last week is not at the mercy of five quiet minutes.
      record: uxSignals.completionRatio,
      expr: `${overHour(engagementSignals.storiesCompleted)} / (${overHour(engagementSignals.storiesCompleted)} + ${overHour(engagementSignals.storiesAbandoned)})`,
    },
  ],
};
