import { parseDuration } from '../../lezer/duration.ts';
import { RATE_FUNCTIONS, type Check } from '../check.ts';

/** Four samples make a rate robust to one missed scrape. */
export const MIN_SCRAPES_PER_RANGE = 4;

export const ruleRateRange: Check = {
  name: 'promql/rule-rate-range',
  doc: 'In rules, the range of rate(), irate() and increase() spans at least four scrape intervals; shorter ranges return nothing after a single missed scrape.',
  run: ({ walk, ctx }) => {
    if (ctx.origin === 'dashboard') return [];
    const minimumMs = MIN_SCRAPES_PER_RANGE * ctx.scrapeIntervalSeconds * 1000;
    return walk.selectors.flatMap((s) => {
      const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
      const rangeMs = s.range === undefined ? undefined : parseDuration(s.range);
      if (!fn || !RATE_FUNCTIONS.has(fn) || rangeMs === undefined || rangeMs >= minimumMs) return [];
      return [{ from: s.from, to: s.to, message: `${fn}() over [${s.range}] spans fewer than ${MIN_SCRAPES_PER_RANGE} scrape intervals (${ctx.scrapeIntervalSeconds}s each); use at least [${minimumMs / 1000}s]` }];
    });
  },
};
