import { defineTenantDashboard, query, row, SECONDS_PER, sloRow, statPanel, units } from '@plotwatch/grafana';
import { selector, tenantScope } from '@plotwatch/platform';
import { engagementSignals, mlSignals } from '@plotwatch/recording-rules';
import { sloWindows, tenantSlos } from '../shared/slos.ts';

/** The tenant at a glance, for its account manager: SLOs, error budget, and the numbers of the last day. */
export const overviewDashboard = defineTenantDashboard({ slug: 'overview', persona: 'product', source: import.meta.url }, (ctx) => {
  const scope = tenantScope(ctx.tenant.id);
  const s = (name: string) => selector(name, scope);
  const lastDay = (series: string) => `sum(avg_over_time(${s(series)}[1d])) * ${SECONDS_PER.day}`;
  return {
    title: 'Overview',
    description: `${ctx.tenant.displayName} (${ctx.tenant.tier} tier) at a glance: its service level objectives and the numbers of the last day.`,
    from: 'now-7d',
    rows: [
      sloRow('Service level objectives', tenantSlos(ctx.tenant, scope), sloWindows),
      row('Last 24 hours', [
        statPanel({
          title: 'Active sessions', unit: units.count,
          description: 'Story sessions open right now.',
          queries: [query(`sum(${s(engagementSignals.sessionsActive)})`, 'sessions')],
        }),
        statPanel({
          title: 'Stories started', unit: units.count, sparkline: false,
          description: 'Stories started over the last 24 hours.',
          queries: [query(lastDay(engagementSignals.storiesStarted), 'stories')],
        }),
        statPanel({
          title: 'Completion rate', unit: units.ratio, decimals: 1, sparkline: false,
          description: 'Share of the stories finished in the last 24 hours that were read to their end.',
          queries: [query(`${lastDay(engagementSignals.storiesCompleted)} / (${lastDay(engagementSignals.storiesCompleted)} + ${lastDay(engagementSignals.storiesAbandoned)})`, 'completion')],
        }),
        statPanel({
          title: 'Model spend', unit: units.usd, decimals: 2, sparkline: false,
          description: 'Model spend over the last 24 hours.',
          queries: [query(lastDay(mlSignals.cost), 'USD')],
        }),
      ]),
    ],
  };
});
