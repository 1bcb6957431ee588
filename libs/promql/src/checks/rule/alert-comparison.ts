import type { Check } from '../check.ts';

const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);

export const alertComparison: Check = {
  name: 'rule/alert-comparison',
  doc: 'An alert expression compares against a threshold (or uses absent()): without one it fires for every series that exists.',
  run: ({ walk, ctx, expr }) => {
    if (ctx.origin !== 'alert') return [];
    const compares = walk.binaryOperations.some((b) => COMPARISONS.has(b.op) && !b.bool);
    const absent = walk.functions.some((f) => f.name === 'absent' || f.name === 'absent_over_time');
    return compares || absent ? [] : [{ from: 0, to: expr.length, message: 'alert expression has no comparison; it fires for every series it returns' }];
  },
};
