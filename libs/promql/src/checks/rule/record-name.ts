import type { Check } from '../check.ts';

/** `level:metric:operations`, each part a Prometheus name fragment. */
const RECORD_NAME = /^[a-z][a-z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-z0-9_]+$/;

export const recordName: Check = {
  name: 'rule/record-name',
  doc: 'Recording rule names follow level:metric:operations, so a reader knows the labels kept and what was applied.',
  run: ({ ctx, expr }) => {
    const record = ctx.rule?.record;
    if (ctx.origin !== 'record' || record === undefined || RECORD_NAME.test(record)) return [];
    return [{ from: 0, to: expr.length, message: `recording rule name ${record} does not follow level:metric:operations` }];
  },
};
