import { environment } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { prometheusRules } from './prometheus-rule.ts';
import type { RuleGroup } from '../model/model.ts';

const groups: RuleGroup[] = [
  {
    name: 'plotwatch.thresholds',
    interval: '30s',
    rules: Array.from({ length: 40 }, (_, i) => ({
      record: 'tenant:x:threshold',
      expr: 'vector(1)',
      labels: { tenant: `t${i}` },
    })),
  },
];

describe('PrometheusRule objects', () => {
  it('carry the release label kube-prometheus-stack selects, in the monitoring namespace, and pass the CRD schema', () => {
    const [rule] = prometheusRules('plotwatch-thresholds', groups, environment('prod'));
    expect(rule!.metadata).toMatchObject({
      name: 'plotwatch-thresholds',
      namespace: 'monitoring',
      labels: { release: 'kube-prometheus-stack' },
    });
    expect(rule!.spec.groups![0]!.rules).toHaveLength(40);
  });

  it('are split under the size limit, the group continuing under its name in the next object', () => {
    const parts = prometheusRules('plotwatch-thresholds', groups, environment('prod'), 1000);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.metadata!.name)).toEqual(
      parts.map((_, i) => (i ? `plotwatch-thresholds-${i + 1}` : 'plotwatch-thresholds')),
    );
    expect(parts.flatMap((p) => p.spec.groups!.flatMap((g) => g.rules!))).toHaveLength(40);
    expect(new Set(parts.flatMap((p) => p.spec.groups!.map((g) => g.name)))).toEqual(new Set(['plotwatch.thresholds']));
  });

  it('refuse a group field the target Prometheus lacks, naming the group', () => {
    const late = [{ ...groups[0]!, queryOffset: '1m' }];
    expect(() => prometheusRules('late', late, environment('prod'))).toThrow(
      'group plotwatch.thresholds: query_offset needs Prometheus ≥ 2.53, and the target is Prometheus 2.42',
    );
    const [rule] = prometheusRules('late', late, environment('prod'), undefined, { version: '2.53', features: [] });
    expect(rule!.spec.groups![0]).toMatchObject({ name: 'plotwatch.thresholds', query_offset: '1m' });
  });

  it('are refused by the CRD schema when a rule is malformed', () => {
    const bad = [{ name: 'g', interval: '30s', rules: [{ record: 'x' }] }] as unknown as RuleGroup[];
    expect(() => prometheusRules('bad', bad, environment('prod'))).toThrow();
  });
});
