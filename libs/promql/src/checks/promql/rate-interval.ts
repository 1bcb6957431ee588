import { RATE_FUNCTIONS, type Check } from '../check.ts';

const RATE_INTERVAL = new Set(['$__rate_interval', '${__rate_interval}', '[[__rate_interval]]']);

export const rateInterval: Check = {
  name: 'promql/rate-interval',
  doc: "Dashboard queries take rate(), irate() and increase() over [$__rate_interval]: a fixed range is empty when zoomed in and too coarse zoomed out, and it can fall below four scrape intervals.",
  run: ({ walk, ctx, expr, original, toOriginal }) => {
    if (ctx.origin !== 'dashboard') return [];
    return walk.selectors.flatMap((s) => {
      const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
      if (!fn || !RATE_FUNCTIONS.has(fn) || s.range === undefined) return [];
      const open = expr.indexOf('[', s.to);
      const close = expr.indexOf(']', open);
      const written = original.slice(toOriginal(open + 1), toOriginal(close));
      return RATE_INTERVAL.has(written) ? [] : [{ from: open, to: close + 1, message: `${fn}() over [${written}]; use [$__rate_interval]` }];
    });
  },
};
