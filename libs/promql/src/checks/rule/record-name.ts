import type { Check } from '../check.ts';

/** `level:metric:operations`, each part a Prometheus name fragment. */
const RECORD_NAME = /^[a-z][a-z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-z0-9_]+$/;

const recording = (record: string) => ({ origin: 'record' as const, rule: { record } });

export const recordName: Check = {
  name: 'rule/record-name',
  doc: 'Recording rule names follow level:metric:operations, so a reader knows the labels kept and what was applied.',
  details:
    'The Prometheus convention `level:metric:operations` says which labels the result keeps ' +
    '(`tenant_service`), what it was computed from (`http_requests`) and how (`rate5m`), so a reader can use a ' +
    'recording without opening its rule, and other checks can tell from the name whether it keeps `tenant` or ' +
    '`le`. Name recordings with `recordName()` of @plotwatch/rules.',
  cases: [
    { expr: 'vector(1)', ctx: recording('tenant_service:http_requests:rate5m') },
    { expr: 'vector(1)', ctx: recording('tenant:story_api_error_ratio:threshold') },
    {
      expr: 'vector(1)',
      ctx: recording('story_api_error_rate'),
      finds: /story_api_error_rate does not follow level:metric:operations/,
    },
    { expr: 'vector(1)', ctx: recording('tenant:http_requests'), finds: /does not follow/ },
  ],
  run: ({ ctx, expr }) => {
    const record = ctx.rule?.record;
    if (ctx.origin !== 'record' || record === undefined || RECORD_NAME.test(record)) return [];
    return [
      { from: 0, to: expr.length, message: `recording rule name ${record} does not follow level:metric:operations` },
    ];
  },
};
