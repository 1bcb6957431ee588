import { defineTenantDashboard, query, row, sloRow, statPanel, units } from '@plotwatch/grafana';
import { selector, tenantScope } from '@plotwatch/platform';
import { dailyTotals, engagementSignals } from '@plotwatch/recording-rules';
import { sloWindows, tenantSlos } from '../shared/slos.ts';

/** The tenant at a glance, for its account manager: SLOs, error budget, and the numbers of the last day. */
export const overviewDashboard = defineTenantDashboard(
  { slug: 'overview', persona: 'product', source: import.meta.url },
  (ctx) => {
    const scope = tenantScope(ctx.tenant.id);
    const s = (name: string) => selector(name, scope);
    const lastDay = (series: string) => `sum(${s(series)})`;
    return {
      title: 'Overview',
      description: `${ctx.tenant.displayName} (${ctx.tenant.tier} tier) at a glance: its service level objectives and the numbers of the last day.`,
      from: 'now-7d',
      rows: [
        sloRow('Service level objectives', tenantSlos(ctx.tenant, scope), sloWindows),
        row('Last 24 hours', [
          statPanel({
            title: 'Active sessions',
            unit: units.count,
            description: 'Story sessions open right now.',
            queries: [query(s(engagementSignals.sessionsActiveTotal), 'sessions')],
          }),
          statPanel({
            title: 'Stories started',
            unit: units.count,
            description: 'Stories started over the last 24 hours.',
            queries: [query(lastDay(dailyTotals.storiesStarted), 'stories')],
          }),
          statPanel({
            title: 'Completion rate',
            unit: units.ratio,
            decimals: 1,
            description: 'Share of the stories finished in the last 24 hours that were read to their end.',
            queries: [
              query(
                `${lastDay(dailyTotals.storiesCompleted)} / (${lastDay(dailyTotals.storiesCompleted)} + ${lastDay(dailyTotals.storiesAbandoned)})`,
                'completion',
              ),
            ],
          }),
          statPanel({
            title: 'Model spend',
            unit: units.usd,
            decimals: 2,
            description: 'Model spend over the last 24 hours.',
            queries: [query(lastDay(dailyTotals.cost), 'USD')],
          }),
        ]),
      ],
    };
  },
);
