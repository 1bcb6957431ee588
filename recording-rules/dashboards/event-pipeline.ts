import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';

/** How far back consumer-lag growth looks: long enough to ignore one slow batch. */
export const LAG_GROWTH_WINDOW = '10m';

/** Event-bus series per tenant and topic, summed over consumers and handlers. */
export const eventSignals = {
  processingBuckets: recordName(['tenant', 'topic', 'le'], 'event_processing_duration_seconds_bucket', 'rate5m'),
  processed: recordName(['tenant', 'topic'], 'event_processing_duration_seconds_count', 'rate5m'),
  deadLetters: recordName(['tenant', 'topic'], 'event_dead_letters', 'rate5m'),
  consumerLag: recordName(['tenant', 'topic', 'consumer_group'], 'event_bus_consumer_lag_messages', 'sum'),
  consumerLagGrowth: recordName(
    ['tenant', 'topic', 'consumer_group'],
    'event_bus_consumer_lag_messages',
    `sum_deriv${LAG_GROWTH_WINDOW}`,
  ),
  /** All topics together, for the latency heatmaps. */
  processingBucketsByTenant: recordName(['tenant', 'le'], 'event_processing_duration_seconds_bucket', 'rate5m'),
} as const;

const all = (metric: string) => selector(metric, PLATFORM_SCOPE);

export const eventPipelineRules: RecordingGroupDefinition = {
  name: 'event-pipeline',
  source: import.meta.url,
  rules: [
    {
      record: eventSignals.processingBuckets,
      expr: `sum by (tenant, topic, le) (rate(${all('event_processing_duration_seconds_bucket')}[5m]))`,
    },
    {
      record: eventSignals.processed,
      expr: `sum by (tenant, topic) (rate(${all('event_processing_duration_seconds_count')}[5m]))`,
    },
    { record: eventSignals.deadLetters, expr: `sum by (tenant, topic) (rate(${all('event_dead_letters_total')}[5m]))` },
    // Lag is reported per consumer instance; the group's backlog is their sum.
    {
      record: eventSignals.consumerLag,
      expr: `sum by (tenant, topic, consumer_group) (${all('event_bus_consumer_lag_messages')})`,
    },
    // Messages per second the backlog grows (positive) or drains (negative); deriv is linear, so
    // sums of it are the growth of sums.
    { record: eventSignals.consumerLagGrowth, expr: `deriv(${eventSignals.consumerLag}[${LAG_GROWTH_WINDOW}])` },
    { record: eventSignals.processingBucketsByTenant, expr: `sum by (tenant, le) (${eventSignals.processingBuckets})` },
  ],
};
