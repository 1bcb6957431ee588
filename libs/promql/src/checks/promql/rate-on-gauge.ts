import { findMetric } from '@plotwatch/platform/catalog';
import { RATE_FUNCTIONS, type Check } from '../check.ts';

export const rateOnGauge: Check = {
  name: 'promql/rate-on-gauge',
  doc:
    'rate(), irate() or increase() over a gauge: they assume a counter and read every drop as a reset; use ' +
    'deriv() or delta().',
  details:
    '`rate()`, `irate()` and `increase()` read every decrease as a counter reset and count the whole new ' +
    'value as an increase, so a gauge that goes up and down (consumer lag, active sessions) gives large, false ' +
    "rates. For a gauge's change per second use `deriv()`, for its change over a window `delta()`; for its " +
    'level, aggregate it as it is or use `avg_over_time()`.',
  cases: [
    { expr: 'deriv(event_bus_consumer_lag_messages[10m])' },
    { expr: 'rate(http_requests_total[5m])' },
    {
      expr: 'rate(event_bus_consumer_lag_messages[5m])',
      finds: /rate\(\) over gauge event_bus_consumer_lag_messages; use deriv\(\)/,
    },
    { expr: 'increase(story_sessions_active[1h])', finds: /increase\(\) over gauge story_sessions_active/ },
  ],
  run: ({ walk }) =>
    walk.selectors.flatMap((s) => {
      const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
      if (!fn || !RATE_FUNCTIONS.has(fn) || !s.metric) return [];
      const spec = findMetric(s.metric);
      return spec?.type === 'gauge'
        ? [{ from: s.from, to: s.to, message: `${fn}() over gauge ${s.metric}; use deriv() or delta()` }]
        : [];
    }),
};
