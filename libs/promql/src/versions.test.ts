import { describe, expect, it } from 'vitest';
import { parse } from './parser.ts';
import { functionAvailability, type PrometheusTarget } from './versions.ts';

const target = (version: PrometheusTarget['version'], ...features: string[]): PrometheusTarget => ({
  version,
  features,
});

describe('holt_winters and double_exponential_smoothing, per Prometheus version', () => {
  it.each([
    ['holt_winters', target('2.42'), undefined],
    ['holt_winters', target('2.53'), undefined],
    [
      'holt_winters',
      target('3.x'),
      'holt_winters was renamed in Prometheus 3.0; write double_exponential_smoothing(…), the same function, with --enable-feature=promql-experimental-functions',
    ],
    [
      'double_exponential_smoothing',
      target('2.42'),
      'double_exponential_smoothing needs Prometheus ≥ 3.0 with --enable-feature=promql-experimental-functions; for Prometheus 2.42 write holt_winters(…), the same function',
    ],
    [
      'double_exponential_smoothing',
      target('2.53'),
      'double_exponential_smoothing needs Prometheus ≥ 3.0 with --enable-feature=promql-experimental-functions; for Prometheus 2.53 write holt_winters(…), the same function',
    ],
    [
      'double_exponential_smoothing',
      target('3.x'),
      'double_exponential_smoothing needs --enable-feature=promql-experimental-functions in Prometheus 3.x',
    ],
    ['double_exponential_smoothing', target('3.x', 'promql-experimental-functions'), undefined],
    ['rate', target('3.x'), undefined],
    ['limitk', target('2.53'), 'limitk needs Prometheus ≥ 2.54 with --enable-feature=promql-experimental-functions'],
    ['limitk', target('3.x', 'promql-experimental-functions'), undefined],
    ['histogram_avg', target('2.53'), undefined],
    ['histogram_avg', target('2.42'), 'histogram_avg needs Prometheus ≥ 2.51'],
    [
      'sort_by_label',
      target('2.53'),
      'sort_by_label needs --enable-feature=promql-experimental-functions in Prometheus 2.53',
    ],
  ])('%s for %o', (name, where, expected) => {
    expect(functionAvailability(name, where)).toBe(expected);
  });

  it('is what parse() says for the version it checks (2.42)', () => {
    expect(parse('double_exponential_smoothing(x[1h], 0.5, 0.5)').diagnostics.map((d) => d.message)).toEqual([
      functionAvailability('double_exponential_smoothing'),
    ]);
    expect(parse('holt_winters(x[1h], 0.5, 0.5)').diagnostics).toEqual([]);
  });
});
