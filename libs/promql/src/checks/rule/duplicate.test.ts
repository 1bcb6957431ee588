import { describe, expect, it } from 'vitest';
import { duplicateRules, type RuleIdentity } from './duplicate.ts';

const rule = (over: Partial<RuleIdentity>): RuleIdentity => ({ namespace: 'rules.yaml', kind: 'record', name: 'tenant:x:threshold', labels: {}, expr: 'vector(1)', ...over });

describe('rule/duplicate', () => {
  it.each([
    ['threshold series of two tenants', [rule({ labels: { tenant: 'a' } }), rule({ labels: { tenant: 'b' } })], 0],
    ['the same recording in two mimir namespaces', [rule({ namespace: 'mimir/a' }), rule({ namespace: 'mimir/b' })], 0],
    ['one alert name over two expressions', [rule({ kind: 'alert', name: 'A', expr: 'x > 1' }), rule({ kind: 'alert', name: 'A', expr: 'y > 1' })], 0],
    ['one series recorded twice', [rule({ labels: { tenant: 'a' } }), rule({ labels: { tenant: 'a' }, expr: 'vector(2)' })], 1],
    ['an alert defined twice', [rule({ kind: 'alert', name: 'A', expr: 'x > 1' }), rule({ kind: 'alert', name: 'A', expr: 'x > 1' })], 1],
  ])('%s', (_case, rules, count) => {
    expect(duplicateRules(rules)).toHaveLength(count);
  });
});
