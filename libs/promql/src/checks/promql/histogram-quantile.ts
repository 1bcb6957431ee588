import type { Check } from '../check.ts';

/** A recorded series keeps `le` when its level (before the first `:`) names it. */
function recordedKeepsLe(name: string): boolean {
  return name.split(':')[0]!.split('_').includes('le');
}

export const histogramQuantile: Check = {
  name: 'promql/histogram-quantile',
  doc:
    'histogram_quantile() must read the rate of a _bucket series aggregated keeping le (or a recording of one); ' +
    'anything else gives a wrong or empty quantile.',
  details:
    '`histogram_quantile()` interpolates within the buckets of each series set told apart by `le`. It needs ' +
    'the per-second rate of the `_bucket` series (raw buckets give the quantile since each pod started), and ' +
    'every aggregation inside it must keep `le` (`sum by (le, ...)`), or the buckets collapse into one series ' +
    'and the result is empty or wrong. `_sum` and `_count` have no buckets. A recording qualifies when its level ' +
    'names `le` (`tenant_service_le:http_request_duration_seconds_bucket:rate5m`).',
  cases: [
    { expr: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))' },
    { expr: 'histogram_quantile(0.95, sum without (route) (rate(http_request_duration_seconds_bucket[5m])))' },
    { expr: 'histogram_quantile(0.95, tenant_service_le:http_request_duration_seconds_bucket:rate5m)' },
    {
      expr: 'histogram_quantile(0.95, sum by (tenant) (rate(http_request_duration_seconds_bucket[5m])))',
      finds: /sum\(\) inside histogram_quantile\(\) drops the le label/,
    },
    { expr: 'histogram_quantile(0.95, http_request_duration_seconds_bucket)', finds: /without rate\(\)/ },
    { expr: 'histogram_quantile(0.95, rate(http_request_duration_seconds_count[5m]))', finds: /not a _bucket series/ },
    {
      expr: 'histogram_quantile(0.9, tenant_service:http_requests:rate5m)',
      finds: /not a recorded bucket rate kept by le/,
    },
  ],
  run: ({ walk }) =>
    walk.functions
      .filter((f) => f.name === 'histogram_quantile')
      .flatMap((call) => {
        const inside = <T extends { from: number; to: number }>(x: T) => x.from >= call.from && x.to <= call.to;
        const selectors = walk.selectors.filter(inside);
        const findings = selectors.flatMap((s) => {
          if (!s.metric) return [];
          if (s.metric.includes(':')) {
            return s.metric.includes('_bucket') && recordedKeepsLe(s.metric)
              ? []
              : [
                  {
                    from: s.from,
                    to: s.to,
                    message: `histogram_quantile() over ${s.metric}, which is not a recorded bucket rate kept by le`,
                  },
                ];
          }
          if (!s.metric.endsWith('_bucket'))
            return [
              {
                from: s.from,
                to: s.to,
                message: `histogram_quantile() over ${s.metric}, which is not a _bucket series`,
              },
            ];
          const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
          return fn === 'rate' || fn === 'irate' || fn === 'increase'
            ? []
            : [{ from: s.from, to: s.to, message: `histogram_quantile() over ${s.metric} without rate()` }];
        });
        const dropsLe = walk.aggregations
          .filter(inside)
          .filter(
            (a) =>
              a.grouping &&
              (a.grouping.mode === 'by' ? !a.grouping.labels.includes('le') : a.grouping.labels.includes('le')),
          );
        const aggregatesAway = walk.aggregations
          .filter(inside)
          .filter((a) => !a.grouping && ['sum', 'avg', 'max', 'min'].includes(a.op));
        return [
          ...findings,
          ...[...dropsLe, ...aggregatesAway].map((a) => ({
            from: a.from,
            to: a.to,
            message: `${a.op}() inside histogram_quantile() drops the le label; aggregate with by (le, ...)`,
          })),
        ];
      }),
};
