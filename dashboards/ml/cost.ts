import { defineTenantDashboard, query, row, SECONDS_PER, statPanel, timeseriesPanel, units } from '@plotwatch/grafana';
import { selector, tenantScope } from '@plotwatch/platform';
import { engagementSignals, mlSignals } from '@plotwatch/recording-rules';

/** What the tenant's stories cost in model spend: per hour, per story, per model. */
export const costDashboard = defineTenantDashboard({ slug: 'cost', persona: 'ml', source: import.meta.url }, (ctx) => {
  const s = (name: string) => selector(name, tenantScope(ctx.tenant.id));
  const cost = s(mlSignals.costTotal);
  const costPerStory = `${cost} / ${s(engagementSignals.storiesStartedTotal)}`;
  return {
    title: 'Model cost',
    description: `Model spend of ${ctx.tenant.displayName} in US dollars.`,
    from: 'now-7d',
    rows: [
      row('Spend', [
        statPanel({
          title: 'Spend over the time range',
          unit: units.usd,
          decimals: 2,
          description: 'Model spend over the selected time range.',
          queries: [query(`avg_over_time(${cost}[$__range]) * $__range_s`, 'USD')],
        }),
        statPanel({
          title: 'Cost per story now',
          unit: units.usd,
          decimals: 4,
          description: 'Model spend per story started, over the last 5 minutes.',
          queries: [query(costPerStory, 'USD per story')],
        }),
        timeseriesPanel({
          title: 'Cost per hour',
          unit: units.usd,
          min: 0,
          description: 'Model spend per hour, at the rate of the last 5 minutes, per provider.',
          queries: [query(`${s(mlSignals.costByProvider)} * ${SECONDS_PER.hour}`, '{{provider}}')],
          stacked: true,
        }),
        timeseriesPanel({
          title: 'Cost per story',
          unit: units.usd,
          min: 0,
          description: 'Model spend divided by stories started: what one story costs.',
          queries: [query(costPerStory, 'USD per story')],
        }),
        timeseriesPanel({
          title: 'Cost by model',
          unit: units.usd,
          min: 0,
          stacked: true,
          width: 24,
          description: 'Model spend per hour, per model.',
          queries: [query(`${s(mlSignals.costByModel)} * ${SECONDS_PER.hour}`, '{{model}}')],
        }),
      ]),
    ],
  };
});
