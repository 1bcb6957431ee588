import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';

/** Reader-facing series per tenant: sessions, stories, interactions. */
export const engagementSignals = {
  sessionsActive: recordName(['tenant', 'channel'], 'story_sessions_active', 'sum'),
  sessionsActiveTotal: recordName(['tenant'], 'story_sessions_active', 'sum'),
  sessionDurationBuckets: recordName(['tenant', 'le'], 'story_session_duration_seconds_bucket', 'rate5m'),
  interactionBucketsByChannel: recordName(
    ['tenant', 'channel', 'le'],
    'user_interaction_response_duration_seconds_bucket',
    'rate5m',
  ),
  storiesStarted: recordName(['tenant', 'story_type'], 'stories_started', 'rate5m'),
  storiesCompleted: recordName(['tenant', 'story_type'], 'stories_completed', 'rate5m'),
  storiesAbandoned: recordName(['tenant', 'story_type'], 'stories_abandoned', 'rate5m'),
  interactions: recordName(['tenant', 'interaction'], 'user_interaction_response_duration_seconds_count', 'rate5m'),
  /** All story types together: the tenant's totals. */
  storiesStartedTotal: recordName(['tenant'], 'stories_started', 'rate5m'),
  storiesCompletedTotal: recordName(['tenant'], 'stories_completed', 'rate5m'),
  storiesAbandonedTotal: recordName(['tenant'], 'stories_abandoned', 'rate5m'),
} as const;

const all = (metric: string) => selector(metric, PLATFORM_SCOPE);
const sumRate = (metric: string, by: string) => `sum by (${by}) (rate(${all(metric)}[5m]))`;

export const engagementRules: RecordingGroupDefinition = {
  name: 'engagement',
  source: import.meta.url,
  rules: [
    { record: engagementSignals.sessionsActive, expr: `sum by (tenant, channel) (${all('story_sessions_active')})` },
    { record: engagementSignals.sessionsActiveTotal, expr: `sum by (tenant) (${engagementSignals.sessionsActive})` },
    {
      record: engagementSignals.sessionDurationBuckets,
      expr: sumRate('story_session_duration_seconds_bucket', 'tenant, le'),
    },
    {
      record: engagementSignals.interactionBucketsByChannel,
      expr: sumRate('user_interaction_response_duration_seconds_bucket', 'tenant, channel, le'),
    },
    { record: engagementSignals.storiesStarted, expr: sumRate('stories_started_total', 'tenant, story_type') },
    { record: engagementSignals.storiesCompleted, expr: sumRate('stories_completed_total', 'tenant, story_type') },
    { record: engagementSignals.storiesAbandoned, expr: sumRate('stories_abandoned_total', 'tenant, story_type') },
    {
      record: engagementSignals.interactions,
      expr: sumRate('user_interaction_response_duration_seconds_count', 'tenant, interaction'),
    },
    { record: engagementSignals.storiesStartedTotal, expr: `sum by (tenant) (${engagementSignals.storiesStarted})` },
    {
      record: engagementSignals.storiesCompletedTotal,
      expr: `sum by (tenant) (${engagementSignals.storiesCompleted})`,
    },
    {
      record: engagementSignals.storiesAbandonedTotal,
      expr: `sum by (tenant) (${engagementSignals.storiesAbandoned})`,
    },
  ],
};
