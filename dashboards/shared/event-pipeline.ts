import { heatmapPanel, query, row, timeseriesPanel, units, type Limit, type Row } from '@plotwatch/grafana';
import { selector, type Environment, type QueryScope } from '@plotwatch/platform';
import { eventSignals, LAG_GROWTH_WINDOW, latencyQuantiles } from '@plotwatch/recording-rules';
import { latencyLinks, recordedPercentile } from './latency.ts';

/** The alert thresholds a tenant's event panels draw (the platform's have none: thresholds are per tenant). */
export interface EventLimits {
  readonly consumerLag?: Limit;
  readonly deadLetters?: Limit;
}

/** Consumer lag, its growth, dead letters, processing latency and throughput per topic, in a scope. */
export function eventPipelineRows(env: Environment, scope: QueryScope, limits: EventLimits = {}): Row[] {
  const s = (name: string) => selector(name, scope);
  // Per topic: the tenant's own percentile, or the platform's over all tenants.
  const p95 = recordedPercentile(
    scope.kind === 'tenant' ? latencyQuantiles.events : latencyQuantiles.eventsByTopic,
    0.95,
    scope,
  );
  return [
    row('Backlog', [
      timeseriesPanel({
        title: 'Consumer lag',
        unit: units.count,
        min: 0,
        description:
          'Messages published but not yet consumed, per topic and consumer group. A steady climb means consumers fall behind.',
        queries: [
          query(`sum by (topic, consumer_group) (${s(eventSignals.consumerLag)})`, '{{topic}} · {{consumer_group}}'),
        ],
        limit: limits.consumerLag,
      }),
      timeseriesPanel({
        title: 'Consumer lag growth',
        unit: units.messagesPerSecond,
        description: `How fast the lag grows (positive) or drains (negative), per topic and consumer group, over ${LAG_GROWTH_WINDOW}.`,
        queries: [
          query(
            `sum by (topic, consumer_group) (${s(eventSignals.consumerLagGrowth)})`,
            '{{topic}} · {{consumer_group}}',
          ),
        ],
      }),
    ]),
    row('Processing', [
      timeseriesPanel({
        title: 'Throughput per topic',
        unit: units.eventsPerSecond,
        min: 0,
        stacked: true,
        description: 'Events handled per second, per topic.',
        queries: [query(`sum by (topic) (${s(eventSignals.processed)})`, '{{topic}}')],
      }),
      timeseriesPanel({
        title: 'Dead letters',
        unit: units.perMinute,
        min: 0,
        description:
          'Events moved to the dead-letter queue per minute, per topic: each one is an event the platform gave up on.',
        queries: [query(`sum by (topic) (${s(eventSignals.deadLetters)}) * 60`, '{{topic}}')],
        limit: limits.deadLetters,
      }),
      timeseriesPanel({
        title: 'Processing latency p95',
        unit: units.seconds,
        min: 0,
        description: '95th percentile of the time to handle one event, per topic, over 5m.',
        dataLinks: latencyLinks(env, scope, 'event-router'),
        queries: [query(p95, '{{topic}}')],
      }),
      heatmapPanel({
        title: 'Processing latency distribution',
        unit: units.seconds,
        description: 'How event handling times spread over the latency buckets, all topics together.',
        queries: [query(`sum by (le) (${s(eventSignals.processingBucketsByTenant)})`, '{{le}}')],
      }),
    ]),
  ];
}
