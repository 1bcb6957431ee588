import { findMetric } from '@plotwatch/platform';
import type { Check } from './check.ts';

export const unknownMetric: Check = {
  name: 'promql/unknown-metric',
  doc: 'A selector names a metric that is neither in the catalog nor produced by a recording rule of the repo: it returns nothing, silently.',
  run: ({ walk, ctx }) =>
    walk.selectors.flatMap((s) => {
      if (s.metric === undefined) return [{ from: s.from, to: s.to, message: 'selector has no metric name; name the metric so it can be checked' }];
      if (s.metric.includes(':')) {
        return ctx.recorded.has(s.metric) ? [] : [{ from: s.from, to: s.from + s.metric.length, message: `recorded series ${s.metric} is produced by no recording rule of the repo` }];
      }
      return findMetric(s.metric) ? [] : [{ from: s.from, to: s.from + s.metric.length, message: `metric ${s.metric} is not in the catalog (libs/platform/src/catalog.ts)` }];
    }),
};
