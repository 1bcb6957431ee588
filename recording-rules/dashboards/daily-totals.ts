import { dailyTotalName, type RecordingGroupDefinition } from '@plotwatch/rules';
import { engagementSignals } from './engagement.ts';
import { mlSignals } from './ml-signals.ts';

const SECONDS_PER_DAY = 86_400;

/**
 * Business counters per tenant over the last 24 hours, recorded once per evaluation: the
 * "last 24 hours" panels read one series per tenant instead of a day of 5m rates.
 */
export const dailyTotals = {
  storiesStarted: dailyTotalName(['tenant'], 'stories_started'),
  storiesCompleted: dailyTotalName(['tenant'], 'stories_completed'),
  storiesAbandoned: dailyTotalName(['tenant'], 'stories_abandoned'),
  cost: dailyTotalName(['tenant'], 'model_cost_usd'),
} as const;

/** The day's average of the tenant's recorded 5m rate times a day's seconds: the events of the last 24 hours. */
const overDay = (rate5m: string) => `avg_over_time(${rate5m}[1d]) * ${SECONDS_PER_DAY}`;

export const dailyTotalRules: RecordingGroupDefinition = {
  name: 'daily-totals',
  source: import.meta.url,
  rules: [
    { record: dailyTotals.storiesStarted, expr: overDay(engagementSignals.storiesStartedTotal) },
    { record: dailyTotals.storiesCompleted, expr: overDay(engagementSignals.storiesCompletedTotal) },
    { record: dailyTotals.storiesAbandoned, expr: overDay(engagementSignals.storiesAbandonedTotal) },
    { record: dailyTotals.cost, expr: overDay(mlSignals.costTotal) },
  ],
};
