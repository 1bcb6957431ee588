import { barGaugePanel, definePlatformDashboard, query, row, timeseriesPanel, units } from '@plotwatch/grafana';
import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { dailyTotals, engagementSignals } from '@plotwatch/recording-rules';

/** Tenants side by side: engagement, completion and what they cost. */
export const platformTenantsDashboard = definePlatformDashboard(
  { slug: 'tenants', persona: 'product', source: import.meta.url },
  () => {
    const all = (name: string) => selector(name, PLATFORM_SCOPE);
    const lastDayByTenant = (series: string) => `sum by (tenant) (${all(series)})`;
    const completed = lastDayByTenant(dailyTotals.storiesCompleted);
    const abandoned = lastDayByTenant(dailyTotals.storiesAbandoned);
    return {
      title: 'Tenants',
      description: 'Every tenant of the shared Prometheus side by side: sessions, completion and model spend.',
      from: 'now-7d',
      rows: [
        row('Engagement', [
          timeseriesPanel({
            title: 'Active sessions by tenant',
            unit: units.count,
            min: 0,
            stacked: true,
            description: 'Story sessions open, per tenant.',
            queries: [query(all(engagementSignals.sessionsActiveTotal), '{{tenant}}')],
          }),
          barGaugePanel({
            title: 'Completion rate by tenant',
            unit: units.ratio,
            min: 0,
            max: 1,
            description: 'Share of the stories finished in the last 24 hours that were read to their end, per tenant.',
            queries: [query(`sort_desc(${completed} / (${completed} + ${abandoned}))`, '{{tenant}}')],
          }),
        ]),
        row('Cost', [
          barGaugePanel({
            title: 'Cost per tenant',
            unit: units.usd,
            min: 0,
            description: 'Model spend over the last 24 hours, per tenant.',
            queries: [query(`sort_desc(${lastDayByTenant(dailyTotals.cost)})`, '{{tenant}}')],
          }),
          barGaugePanel({
            title: 'Stories started by tenant',
            unit: units.count,
            min: 0,
            description: 'Stories started over the last 24 hours, per tenant.',
            queries: [query(`sort_desc(${lastDayByTenant(dailyTotals.storiesStarted)})`, '{{tenant}}')],
          }),
        ]),
      ],
    };
  },
);
