import { parseDuration } from '../../lezer/duration.ts';
import { RATE_FUNCTIONS, type Check } from '../check.ts';

/** Four samples make a rate robust to one missed scrape. */
export const MIN_SCRAPES_PER_RANGE = 4;

export const ruleRateRange: Check = {
  name: 'promql/rule-rate-range',
  doc:
    'In rules, the range of rate(), irate() and increase() spans at least four scrape intervals; shorter ranges ' +
    'return nothing after a single missed scrape.',
  details:
    '`rate()` needs two samples inside its range, and scrapes do fail: a range of four scrape intervals ' +
    'still holds enough samples after a missed scrape, while `[30s]` at a 15s interval returns nothing and the ' +
    "recording or alert has a gap (and an alert's `for` starts over). The scrape interval is the environment's " +
    '(`scrapeInterval` in libs/platform/src/environments.ts); use at least four times the longest one the rule ' +
    'runs under.',
  cases: [
    { expr: 'rate(http_requests_total[1m])' },
    { expr: 'rate(http_requests_total[2m])', ctx: { scrapeIntervalSeconds: 30 } },
    {
      expr: 'rate(http_requests_total[30s])',
      finds: /rate\(\) over \[30s\] spans fewer than 4 scrape intervals \(15s each\); use at least \[60s\]/,
    },
    {
      expr: 'increase(http_requests_total[1m])',
      ctx: { origin: 'alert', scrapeIntervalSeconds: 30 },
      finds: /increase\(\) over \[1m\]/,
    },
  ],
  run: ({ walk, ctx }) => {
    if (ctx.origin === 'dashboard') return [];
    const minimumMs = MIN_SCRAPES_PER_RANGE * ctx.scrapeIntervalSeconds * 1000;
    return walk.selectors.flatMap((s) => {
      const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
      const rangeMs = s.range === undefined ? undefined : parseDuration(s.range);
      if (!fn || !RATE_FUNCTIONS.has(fn) || rangeMs === undefined || rangeMs >= minimumMs) return [];
      return [
        {
          from: s.from,
          to: s.to,
          message: `${fn}() over [${s.range}] spans fewer than ${MIN_SCRAPES_PER_RANGE} scrape intervals (${ctx.scrapeIntervalSeconds}s each); use at least [${minimumMs / 1000}s]`,
        },
      ];
    });
  },
};
