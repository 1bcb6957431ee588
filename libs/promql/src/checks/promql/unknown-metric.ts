import { catalog, findMetric } from '@plotwatch/platform/catalog';
import { didYouMean } from '@plotwatch/platform/nearest';
import type { Check } from '../check.ts';

export const unknownMetric: Check = {
  name: 'promql/unknown-metric',
  doc:
    'A selector names a metric that is not in the catalog (histogram _bucket/_sum/_count understood): it ' +
    'returns nothing, silently.',
  details:
    'Prometheus answers a query for a series that does not exist with an empty result, not an error: a ' +
    'misspelt metric name gives a panel that says "No data" and an alert that never fires. Every metric the ' +
    'platform exposes is declared in libs/platform/src/catalog.ts. Build selectors with `selector()` of ' +
    '@plotwatch/platform, which refuses unknown names, or add the metric to the catalog when a service starts ' +
    'exposing it. A selector without a metric name (`{__name__=~"..."}`) cannot be checked and is refused too. ' +
    'Recorded series (names with `:`) are the business of `promql/unproduced-recording`.',
  cases: [
    { expr: 'rate(http_requests_total[5m])' },
    { expr: 'rate(http_request_duration_seconds_bucket[5m])' },
    { expr: 'http_request_duration_seconds_count' },
    { expr: 'tenant_service:http_requests:rate5m' },
    {
      expr: 'rate(http_request_total[5m])',
      finds: /metric http_request_total is not in the catalog .*did you mean http_requests_total\?/,
    },
    { expr: 'story_api_errors', finds: /metric story_api_errors is not in the catalog/ },
    { expr: '{__name__=~"http_.*"}', finds: /selector has no metric name/ },
  ],
  run: ({ walk }) =>
    walk.selectors.flatMap((s) => {
      if (s.metric === undefined)
        return [
          { from: s.from, to: s.to, message: 'selector has no metric name; name the metric so it can be checked' },
        ];
      if (s.metric.includes(':')) return []; // recorded series: promql/unproduced-recording
      return findMetric(s.metric)
        ? []
        : [
            {
              from: s.from,
              to: s.from + s.metric.length,
              message: `metric ${s.metric} is not in the catalog (libs/platform/src/catalog.ts)${didYouMean(s.metric, seriesNames())}`,
            },
          ];
    }),
};

/** Every series name the catalog knows: its metrics, and a histogram's _bucket, _sum and _count. */
function seriesNames(): string[] {
  return catalog.flatMap((m) =>
    m.type === 'histogram' ? [m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name],
  );
}
