import { findMetric } from '@plotwatch/platform/catalog';
import { COUNTER_FUNCTIONS, PRESENCE_FUNCTIONS, type Check } from '../check.ts';

/** Counters (and a histogram's `_bucket`, `_sum`, `_count`) only go up: their raw value means nothing. */
export function isCounterSeries(name: string): boolean {
  const spec = findMetric(name);
  if (!spec) return false;
  return spec.type === 'counter' || (spec.type === 'histogram' && name !== spec.name);
}

export const counterRate: Check = {
  name: 'promql/counter-rate',
  doc:
    'A counter is used without rate(), irate(), increase() or resets(): its raw value only grows and restarts ' +
    'at zero.',
  details:
    "A counter's raw value is the number of events since its process started: it falls to zero on every " +
    'restart and says nothing about how much is happening now, so sums and comparisons of it are meaningless. A ' +
    "histogram's `_bucket`, `_sum` and `_count` series are counters too. Wrap the counter in `rate()` (per " +
    'second) or `increase()` (per window) before aggregating or comparing it; `delta()` is for gauges and reads ' +
    'a reset as a huge drop. Functions that only ask whether a series exists (`absent()`, `count_over_time()`, ' +
    '`timestamp()`, `changes()`) may take it as it is.',
  cases: [
    { expr: 'sum(rate(http_requests_total[5m]))' },
    { expr: 'increase(model_tokens_total[1h])' },
    { expr: 'absent(http_requests_total)' },
    { expr: 'story_sessions_active' },
    { expr: 'sum(http_requests_total)', finds: /counter http_requests_total is used without rate/ },
    { expr: 'http_request_duration_seconds_sum > 0', finds: /counter http_request_duration_seconds_sum/ },
    { expr: 'delta(model_cost_usd_total[1h])', finds: /counter model_cost_usd_total/ },
  ],
  run: ({ walk }) =>
    walk.selectors.flatMap((s) => {
      if (!s.metric || !isCounterSeries(s.metric)) return [];
      const fn = s.argumentOf?.kind === 'function' ? s.argumentOf.name : undefined;
      if (fn && (COUNTER_FUNCTIONS.has(fn) || PRESENCE_FUNCTIONS.has(fn))) return [];
      return [{ from: s.from, to: s.to, message: `counter ${s.metric} is used without rate(), irate() or increase()` }];
    }),
};
