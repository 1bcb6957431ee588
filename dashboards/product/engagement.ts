import {
  defineTenantDashboard,
  query,
  row,
  SECONDS_PER,
  statPanel,
  tenantLimit,
  timeseriesPanel,
  units,
} from '@plotwatch/grafana';
import { selector, tenantScope } from '@plotwatch/platform';
import { engagementSignals, latencyQuantiles } from '@plotwatch/recording-rules';
import { recordedPercentile } from '../shared/latency.ts';

/** How the tenant's readers engage: sessions, interactions, stories started, finished and dropped. */
export const engagementDashboard = defineTenantDashboard(
  { slug: 'engagement', persona: 'product', source: import.meta.url },
  (ctx) => {
    const scope = tenantScope(ctx.tenant.id);
    const s = (name: string) => selector(name, scope);
    const completed = s(engagementSignals.storiesCompletedTotal);
    const abandoned = s(engagementSignals.storiesAbandonedTotal);
    const completionRate = `${completed} / (${completed} + ${abandoned})`;
    const lastWeek = (series: string) => `${s(series)} offset 1w`;
    const completionRateLastWeek = `${lastWeek(engagementSignals.storiesCompletedTotal)} / (${lastWeek(engagementSignals.storiesCompletedTotal)} + ${lastWeek(engagementSignals.storiesAbandonedTotal)})`;
    return {
      title: 'Engagement',
      description: `How ${ctx.tenant.displayName}'s readers engage with their stories.`,
      from: 'now-7d',
      rows: [
        row('Sessions', [
          statPanel({
            title: 'Active sessions now',
            unit: units.count,
            description: 'Story sessions open right now, all channels.',
            queries: [query(s(engagementSignals.sessionsActiveTotal), 'sessions')],
          }),
          timeseriesPanel({
            title: 'Active sessions',
            unit: units.count,
            min: 0,
            stacked: true,
            width: 18,
            description: 'Story sessions open, per channel.',
            queries: [query(`sum by (channel) (${s(engagementSignals.sessionsActive)})`, '{{channel}}')],
          }),
          timeseriesPanel({
            title: 'Session duration p50',
            unit: units.seconds,
            min: 0,
            description: 'Median length of finished story sessions (and the 90th percentile, the long readers).',
            queries: [
              query(recordedPercentile(latencyQuantiles.sessions, 0.5, scope), 'p50'),
              query(recordedPercentile(latencyQuantiles.sessions, 0.9, scope), 'p90'),
            ],
          }),
          timeseriesPanel({
            title: 'Interactions',
            unit: units.perSecond,
            min: 0,
            stacked: true,
            description: 'Reader interactions per second, by kind (choice, free text, undo, restart, share).',
            queries: [query(`sum by (interaction) (${s(engagementSignals.interactions)})`, '{{interaction}}')],
          }),
        ]),
        row('Stories', [
          timeseriesPanel({
            title: 'Stories started, completed, abandoned',
            unit: units.perHour,
            min: 0,
            description: 'Stories per hour, at the rate of the last 5 minutes.',
            queries: [
              query(`${s(engagementSignals.storiesStartedTotal)} * ${SECONDS_PER.hour}`, 'started'),
              query(`${completed} * ${SECONDS_PER.hour}`, 'completed'),
              query(`${abandoned} * ${SECONDS_PER.hour}`, 'abandoned'),
            ],
          }),
          timeseriesPanel({
            title: 'Completion rate',
            unit: units.ratio,
            min: 0,
            max: 1,
            description:
              'Share of finished stories that were read to their end (completed / (completed + abandoned)), now and at the same time a week ago.',
            queries: [query(completionRate, 'this week'), query(completionRateLastWeek, 'last week')],
          }),
          timeseriesPanel({
            title: 'Completion rate vs last week',
            unit: units.ratio,
            min: 0,
            description:
              'Completion rate as a share of the same time last week: a release that hurts reading shows as a dip.',
            queries: [query(`(${completionRate}) / (${completionRateLastWeek})`, 'this week / last week')],
            limit: tenantLimit(ctx.tenant, 'completion_rate_min_ratio', 'below'),
          }),
          timeseriesPanel({
            title: 'Stories started by type',
            unit: units.perHour,
            min: 0,
            stacked: true,
            description: 'Stories started per hour, by story type.',
            queries: [
              query(
                `sum by (story_type) (${s(engagementSignals.storiesStarted)}) * ${SECONDS_PER.hour}`,
                '{{story_type}}',
              ),
            ],
          }),
        ]),
      ],
    };
  },
);
