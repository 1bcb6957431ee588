import type { Check } from '../check.ts';

/** A recorded series keeps `le` when its level (before the first `:`) names it. */
function recordedKeepsLe(name: string): boolean {
  return name.split(':')[0]!.split('_').includes('le');
}

export const histogramQuantile: Check = {
  name: 'promql/histogram-quantile',
  doc: 'histogram_quantile() must read the rate of a _bucket series aggregated keeping le (or a recording of one); anything else gives a wrong or empty quantile.',
  run: ({ walk }) =>
    walk.functions
      .filter((f) => f.name === 'histogram_quantile')
      .flatMap((call) => {
        const inside = <T extends { from: number; to: number }>(x: T) => x.from >= call.from && x.to <= call.to;
        const selectors = walk.selectors.filter(inside);
        const findings = selectors.flatMap((s) => {
          if (!s.metric) return [];
          if (s.metric.includes(':')) {
            return s.metric.includes('_bucket') && recordedKeepsLe(s.metric) ? [] : [{ from: s.from, to: s.to, message: `histogram_quantile() over ${s.metric}, which is not a recorded bucket rate kept by le` }];
          }
          if (!s.metric.endsWith('_bucket')) return [{ from: s.from, to: s.to, message: `histogram_quantile() over ${s.metric}, which is not a _bucket series` }];
          const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
          return fn === 'rate' || fn === 'irate' || fn === 'increase' ? [] : [{ from: s.from, to: s.to, message: `histogram_quantile() over ${s.metric} without rate()` }];
        });
        const dropsLe = walk.aggregations.filter(inside).filter((a) => a.grouping && (a.grouping.mode === 'by' ? !a.grouping.labels.includes('le') : a.grouping.labels.includes('le')));
        const aggregatesAway = walk.aggregations.filter(inside).filter((a) => !a.grouping && ['sum', 'avg', 'max', 'min'].includes(a.op));
        return [
          ...findings,
          ...[...dropsLe, ...aggregatesAway].map((a) => ({ from: a.from, to: a.to, message: `${a.op}() inside histogram_quantile() drops the le label; aggregate with by (le, ...)` })),
        ];
      }),
};
