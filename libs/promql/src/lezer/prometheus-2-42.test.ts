import { describe, expect, it } from 'vitest';
import { prometheus242Checks } from './prometheus-2-42.ts';
import { runChecks } from './test-helpers.ts';

describe('syntax newer than Prometheus 2.42', () => {
  it.each([
    ['info(up)', '0-4 info needs Prometheus ≥ 3.0 with --enable-feature=promql-experimental-functions'],
    ['limitk(1, up)', '0-6 limitk needs Prometheus ≥ 2.54 with --enable-feature=promql-experimental-functions'],
    ['histogram_avg(up)', '0-13 histogram_avg needs Prometheus ≥ 2.51'],
    [
      'double_exponential_smoothing(up[5m], 0.5, 0.5)',
      '0-28 double_exponential_smoothing needs Prometheus ≥ 3.0 with --enable-feature=promql-experimental-functions; for Prometheus 2.42 write holt_winters(…), the same function',
    ],
    [
      'first_over_time(up[5m])',
      '0-15 first_over_time needs Prometheus ≥ 3.7 with --enable-feature=promql-experimental-functions',
    ],
    [
      '{"up.dotted"}',
      '1-12 a quoted (UTF-8) label or metric name needs Prometheus ≥ 3.0; the target is Prometheus 2.42',
    ],
    ['up + fill(0) up', '5-12 the fill() modifier is not supported by Prometheus 2.42'],
    ['up >/ 1', '3-5 the ">/" operator is not supported by Prometheus 2.42'],
    ['rate(up[5m] anchored)', '5-20 the "anchored" modifier is not supported by Prometheus 2.42'],
    [
      'up[5m+1m]',
      '3-8 a duration expression needs Prometheus ≥ 3.4 with --enable-feature=promql-duration-expr (on by default from 3.14); the target is Prometheus 2.42',
    ],
    [
      'up[1h:step()]',
      '6-12 a duration expression needs Prometheus ≥ 3.4 with --enable-feature=promql-duration-expr (on by default from 3.14); the target is Prometheus 2.42',
    ],
    [
      'up offset +5m',
      '10-13 an offset expression needs Prometheus ≥ 3.4 with --enable-feature=promql-duration-expr (on by default from 3.14); the target is Prometheus 2.42',
    ],
    [
      'up offset (5m)',
      '10-14 an offset expression needs Prometheus ≥ 3.4 with --enable-feature=promql-duration-expr (on by default from 3.14); the target is Prometheus 2.42',
    ],
  ])('%s', (expr, expected) => {
    expect(runChecks(prometheus242Checks, expr)).toEqual([expected]);
  });

  it.each(['up offset -5m', 'up[5m:1m]', 'histogram_quantile(0.9, up)', 'sum by (job) (up)', 'up{job="x"}'])(
    '%s passes',
    (expr) => {
      expect(runChecks(prometheus242Checks, expr)).toEqual([]);
    },
  );
});
