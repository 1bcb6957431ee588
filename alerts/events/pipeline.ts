import { platformAlerting, selector } from '@plotwatch/platform';
import { eventSignals } from '@plotwatch/recording-rules';
import {
  counterSeries,
  label,
  linearGauge,
  seriesName,
  tenantThresholdAlert,
  tenantTrendAlert,
  tpl,
} from '@plotwatch/rules';

const topic = 'story-events';
const consumer = { topic, consumer_group: 'narrator' };
const events = { persona: 'ops', service: 'event-router' } as const;

/** A consumer group's backlog grows towards the tenant's limit: predicted to pass it within the horizon. */
export const eventConsumerLagGrowing = tenantTrendAlert({
  ...events,
  name: 'EventConsumerLagGrowing',
  threshold: 'consumer_lag_max_messages',
  comparison: '>',
  severity: 'ticket',
  for: '15m',
  range: '1h',
  horizonHours: platformAlerting.forecastHours.consumerLag,
  gauge: (scope) => selector(eventSignals.consumerLag, scope),
  summary: tpl`Backlog of ${label('consumer_group')} on ${label('topic')} keeps growing for tenant ${label('tenant')}`,
  description: tpl`The backlog of consumer group ${label('consumer_group')} on ${label('topic')} (tenant ${label('tenant')}) grows on a course that passes its limit.`,
  dashboard: { persona: 'ops', slug: 'events', panel: 'Consumer lag growth' },
  proof: {
    series: (tenant, start, perSecond, steps) => [
      linearGauge(
        seriesName('event_bus_consumer_lag_messages', { tenant, service: 'event-router', ...consumer }),
        start,
        perSecond,
        steps,
        '1m',
      ),
    ],
    labels: (tenant) => ({ tenant, ...consumer }),
    start: 0,
    interval: '1m',
    evaluationInterval: '5m',
  },
});

/** Events of a tenant's topic land in the dead-letter queue faster than its threshold. */
export const eventDeadLetters = tenantThresholdAlert({
  ...events,
  name: 'EventDeadLetters',
  threshold: 'dead_letters_per_minute',
  comparison: '>',
  severity: 'ticket',
  for: '10m',
  signal: (scope) => `${selector(eventSignals.deadLetters, scope)} * 60`,
  summary: tpl`Events of ${label('topic')} are dead-lettered for tenant ${label('tenant')}`,
  description: tpl`Events of topic ${label('topic')} (tenant ${label('tenant')}) are moved to the dead-letter queue faster than its threshold (events per minute).`,
  dashboard: { persona: 'ops', slug: 'events', panel: 'Dead letters' },
  proof: {
    // One sample a minute: the counter's step is the rate per minute.
    inputs: (tenant, perMinute, steps) => [
      counterSeries(
        seriesName('event_dead_letters_total', { tenant, service: 'event-router', topic }),
        perMinute,
        steps,
      ),
    ],
    labels: (tenant) => ({ tenant, topic }),
  },
});
