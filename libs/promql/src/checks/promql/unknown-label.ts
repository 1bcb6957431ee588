import { findMetric, SERVICE_LABEL, TENANT_LABEL } from '@plotwatch/platform/catalog';
import { didYouMean } from '@plotwatch/platform/nearest';
import type { Check } from '../check.ts';

/** Labels every series has after scraping or recording. */
const UNIVERSAL = new Set(['__name__', 'job', 'instance']);

export const unknownLabel: Check = {
  name: 'promql/unknown-label',
  doc:
    "A matcher uses a label the catalog's metric does not have, or an exact value outside the label's allowed " +
    'values: it can never match.',
  details:
    'A matcher on a label the metric does not have (`status="500"` where the label is `code`) matches no ' +
    "series, and neither does an exact value outside the label's closed set of values: the query returns no " +
    "data, without an error. The catalog (libs/platform/src/catalog.ts) lists each metric's labels and, where " +
    'the set is closed, their values; `tenant` and `service` come with every tenant-scoped metric, `le` with a ' +
    "histogram's `_bucket` series, `job` and `instance` with every scraped one. Fix the label's name or value, " +
    'or declare the label in the catalog.',
  cases: [
    { expr: 'http_requests_total{code=~"5..", tenant="a", service="story-api"}' },
    { expr: 'narrative_generation_requests_total{outcome="timeout"}' },
    { expr: 'http_request_duration_seconds_bucket{le="0.5"}' },
    { expr: 'up{job="story-api"}' },
    { expr: 'http_requests_total{status="500"}', finds: /http_requests_total has no label status/ },
    {
      expr: 'narrative_generation_requests_total{outcome="failed"}',
      finds: /outcome="failed" is not a value of narrative_generation_requests_total \(allowed: success, error/,
    },
    { expr: 'http_request_duration_seconds_count{le="1"}', finds: /has no label le/ },
    { expr: 'http_requests_total{methd="GET"}', finds: /has no label methd \(did you mean method\?\)/ },
  ],
  run: ({ walk }) =>
    walk.selectors.flatMap((s) => {
      const spec = s.metric ? findMetric(s.metric) : undefined;
      if (!spec) return [];
      const labels = new Map(spec.labels.map((l) => [l.name, l]));
      const allowed = new Set([
        ...labels.keys(),
        ...UNIVERSAL,
        ...(spec.tenantScoped ? [TENANT_LABEL, SERVICE_LABEL] : []),
        ...(spec.type === 'histogram' && s.metric!.endsWith('_bucket') ? ['le'] : []),
      ]);
      return s.matchers.flatMap((m) => {
        if (!allowed.has(m.label))
          return [
            {
              from: m.from,
              to: m.to,
              message: `${spec.name} has no label ${m.label}${didYouMean(m.label, allowed)} (it has ${[...allowed].filter((l) => !UNIVERSAL.has(l)).join(', ')})`,
            },
          ];
        const values = labels.get(m.label)?.values;
        if (m.op === '=' && m.value !== '' && values && !values.includes(m.value)) {
          return [
            {
              from: m.from,
              to: m.to,
              message: `${m.label}="${m.value}" is not a value of ${spec.name} (allowed: ${values.join(', ')})`,
            },
          ];
        }
        return [];
      });
    }),
};
