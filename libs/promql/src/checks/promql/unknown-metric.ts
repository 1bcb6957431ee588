import { findMetric } from '@plotwatch/platform';
import type { Check } from '../check.ts';

export const unknownMetric: Check = {
  name: 'promql/unknown-metric',
  doc: 'A selector names a metric that is not in the catalog (histogram _bucket/_sum/_count understood): it returns nothing, silently.',
  run: ({ walk }) =>
    walk.selectors.flatMap((s) => {
      if (s.metric === undefined) return [{ from: s.from, to: s.to, message: 'selector has no metric name; name the metric so it can be checked' }];
      if (s.metric.includes(':')) return []; // recorded series: promql/unproduced-recording
      return findMetric(s.metric) ? [] : [{ from: s.from, to: s.from + s.metric.length, message: `metric ${s.metric} is not in the catalog (libs/platform/src/catalog.ts)` }];
    }),
};
