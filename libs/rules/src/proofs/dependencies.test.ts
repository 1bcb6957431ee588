import { describe, expect, it } from 'vitest';
import { filesNeeded, type RuleFile } from './dependencies.ts';

const file = (
  path: string,
  rules: Array<{ record: string; expr: string; labels?: Record<string, string> }>,
): RuleFile => ({ path, groups: [{ name: path, interval: '30s', rules }] });

describe('filesNeeded', () => {
  const base = file('base.yaml', [
    { record: 'tenant:requests:rate5m', expr: 'sum by (tenant) (rate(http_requests_total[5m]))' },
  ]);
  const sloA = file('slo-a.yaml', [
    { record: 'tenant_slo:ratio:rate1h', expr: 'tenant:requests:rate5m', labels: { slo: 'a' } },
  ]);
  const sloB = file('slo-b.yaml', [
    { record: 'tenant_slo:ratio:rate1h', expr: 'tenant:other:rate5m', labels: { slo: 'b' } },
  ]);
  const other = file('other.yaml', [{ record: 'tenant:other:rate5m', expr: 'sum by (tenant) (rate(x_total[5m]))' }]);

  it("follows recorded series through other recording rules, keeping the files' order", () => {
    expect(filesNeeded(['tenant_slo:ratio:rate1h{slo="a"} > 1'], [base, sloA, sloB, other]).map((f) => f.path)).toEqual(
      ['base.yaml', 'slo-a.yaml'],
    );
  });

  it('tells apart rules of one name by their labels, and takes all of them when the selector does not', () => {
    expect(filesNeeded(['tenant_slo:ratio:rate1h{slo="b"}'], [base, sloA, sloB, other]).map((f) => f.path)).toEqual([
      'slo-b.yaml',
      'other.yaml',
    ]);
    expect(filesNeeded(['tenant_slo:ratio:rate1h'], [base, sloA, sloB, other])).toHaveLength(4);
    expect(filesNeeded(['up == 0'], [base, sloA])).toEqual([]);
  });
});
