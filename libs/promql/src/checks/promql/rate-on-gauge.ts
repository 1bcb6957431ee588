import { findMetric } from '@plotwatch/platform';
import { RATE_FUNCTIONS, type Check } from '../check.ts';

export const rateOnGauge: Check = {
  name: 'promql/rate-on-gauge',
  doc: 'rate(), irate() or increase() over a gauge: they assume a counter and read every drop as a reset; use deriv() or delta().',
  run: ({ walk }) =>
    walk.selectors.flatMap((s) => {
      const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
      if (!fn || !RATE_FUNCTIONS.has(fn) || !s.metric) return [];
      const spec = findMetric(s.metric);
      return spec?.type === 'gauge' ? [{ from: s.from, to: s.to, message: `${fn}() over gauge ${s.metric}; use deriv() or delta()` }] : [];
    }),
};
