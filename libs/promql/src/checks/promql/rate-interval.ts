import { RATE_FUNCTIONS, type Check } from '../check.ts';

const RATE_INTERVAL = new Set(['$__rate_interval', '${__rate_interval}', '[[__rate_interval]]']);

const dashboard = { origin: 'dashboard' as const };

export const rateInterval: Check = {
  name: 'promql/rate-interval',
  doc:
    'Dashboard queries take rate(), irate() and increase() over [$__rate_interval]: a fixed range skips data ' +
    'between points zoomed out, and $__interval can fall below the samples rate() needs zoomed in.',
  details:
    "Grafana's `$__rate_interval` is the panel's step plus one scrape interval, and at least four scrape " +
    'intervals, so consecutive points overlap and every sample is counted at any zoom. A fixed range reads only ' +
    'its own window before each point: on a week-long graph a spike between two points never shows. ' +
    '`$__interval` follows the step alone and, zoomed in, falls below the two samples `rate()` needs, leaving ' +
    'gaps. Write `[$__rate_interval]`. Rules have no panel step and are held to `promql/rule-rate-range` instead.',
  cases: [
    { expr: 'sum(rate(http_requests_total[$__rate_interval]))', ctx: dashboard },
    { expr: 'sum(increase(model_tokens_total[${__rate_interval}]))', ctx: dashboard },
    { expr: 'sum(rate(http_requests_total[5m]))' },
    { expr: 'avg_over_time(story_sessions_active[$__interval])', ctx: dashboard },
    {
      expr: 'sum(rate(http_requests_total[5m]))',
      ctx: dashboard,
      finds: /rate\(\) over \[5m\]; use \[\$__rate_interval\]/,
    },
    { expr: 'sum(irate(http_requests_total[$__interval]))', ctx: dashboard, finds: /irate\(\) over \[\$__interval\]/ },
  ],
  run: ({ walk, ctx, expr, original, toOriginal }) => {
    if (ctx.origin !== 'dashboard') return [];
    return walk.selectors.flatMap((s) => {
      const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
      if (!fn || !RATE_FUNCTIONS.has(fn) || s.range === undefined) return [];
      const open = expr.indexOf('[', s.to);
      const close = expr.indexOf(']', open);
      const written = original.slice(toOriginal(open + 1), toOriginal(close));
      return RATE_INTERVAL.has(written)
        ? []
        : [{ from: open, to: close + 1, message: `${fn}() over [${written}]; use [$__rate_interval]` }];
    });
  },
};
