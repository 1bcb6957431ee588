import type { Check } from '../check.ts';

export const unproducedRecording: Check = {
  name: 'promql/unproduced-recording',
  doc:
    'A query reads a recorded series (level:metric:operations) that no recording rule of the repo produces: it ' +
    'returns nothing, silently.',
  details:
    'A recording exists only if a rule writes it: a misspelt level or operation (`rate1h` for `rate5m`), or ' +
    "a rule renamed or removed since, leaves the query silently empty. The check knows every series the build's " +
    'own rule files record. Read the recording by the name its rule has (the naming helpers of @plotwatch/rules, ' +
    'such as `recordName()`, give it), or add the recording rule that produces it.',
  cases: [
    { expr: 'tenant_service:http_requests:rate5m' },
    { expr: 'rate(http_requests_total[5m])' },
    {
      expr: 'tenant:nothing:rate5m',
      finds: /recorded series tenant:nothing:rate5m is produced by no recording rule of the repo/,
    },
    {
      expr: 'sum(tenant_service:http_requests:rate1h)',
      finds: /tenant_service:http_requests:rate1h is produced by no recording rule/,
    },
  ],
  run: ({ walk, ctx }) =>
    walk.selectors.flatMap((s) =>
      s.metric?.includes(':') && !ctx.recorded.has(s.metric)
        ? [
            {
              from: s.from,
              to: s.from + s.metric.length,
              message: `recorded series ${s.metric} is produced by no recording rule of the repo`,
            },
          ]
        : [],
    ),
};
