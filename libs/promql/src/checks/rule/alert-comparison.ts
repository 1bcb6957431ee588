import type { Check } from '../check.ts';

const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);

const alert = { origin: 'alert' as const };

export const alertComparison: Check = {
  name: 'rule/alert-comparison',
  doc:
    'An alert expression compares against a threshold (or uses absent()): without one it fires for every series ' +
    'that exists.',
  details:
    'An alerting rule fires for every series its expression returns. Without a comparison the expression ' +
    'returns every series that exists, so the alert fires all the time; `> bool` returns 0 or 1 for every series ' +
    'and fires all the time too. Compare with the threshold (`signal > on (tenant) group_left ' +
    'tenant:<name>:threshold`), or use `absent()` for an alert on missing data.',
  cases: [
    { expr: 'tenant_service:http_requests:rate5m > 10', ctx: alert },
    { expr: 'absent(up{job="story-api"})', ctx: alert },
    { expr: 'tenant_service:http_requests:rate5m' },
    { expr: 'tenant_service:http_requests:rate5m', ctx: alert, finds: /alert expression has no comparison/ },
    { expr: 'tenant_service:http_requests:rate5m > bool 10', ctx: alert, finds: /no comparison/ },
  ],
  run: ({ walk, ctx, expr }) => {
    if (ctx.origin !== 'alert') return [];
    const compares = walk.binaryOperations.some((b) => COMPARISONS.has(b.op) && !b.bool);
    const absent = walk.functions.some((f) => f.name === 'absent' || f.name === 'absent_over_time');
    return compares || absent
      ? []
      : [
          {
            from: 0,
            to: expr.length,
            message: 'alert expression has no comparison; it fires for every series it returns',
          },
        ];
  },
};
