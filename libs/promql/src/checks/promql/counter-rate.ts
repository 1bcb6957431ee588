import { findMetric } from '@plotwatch/platform';
import { COUNTER_FUNCTIONS, PRESENCE_FUNCTIONS, type Check } from '../check.ts';

/** Counters (and a histogram's `_bucket`, `_sum`, `_count`) only go up: their raw value means nothing. */
export function isCounterSeries(name: string): boolean {
  const spec = findMetric(name);
  if (!spec) return false;
  return spec.type === 'counter' || (spec.type === 'histogram' && name !== spec.name);
}

export const counterRate: Check = {
  name: 'promql/counter-rate',
  doc: 'A counter is used without rate(), irate(), increase() or resets(): its raw value only grows and restarts at zero.',
  run: ({ walk }) =>
    walk.selectors.flatMap((s) => {
      if (!s.metric || !isCounterSeries(s.metric)) return [];
      const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
      if (fn && (COUNTER_FUNCTIONS.has(fn) || PRESENCE_FUNCTIONS.has(fn))) return [];
      return [{ from: s.from, to: s.to, message: `counter ${s.metric} is used without rate(), irate() or increase()` }];
    }),
};
