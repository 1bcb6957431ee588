import { describe, expect, it } from 'vitest';
import type { RuleGroup } from '../model/model.ts';
import { ruleFileDocument } from './rule-file.ts';

const groups: RuleGroup[] = [
  {
    name: 'plotwatch.x',
    interval: '30s',
    rules: [
      { expr: 'vector(1)', record: 'tenant:x:threshold', labels: { tenant: 'a' } },
      { annotations: { summary: 's' }, labels: { severity: 'page' }, for: '5m', expr: 'up == 0', alert: 'Down' },
    ],
  },
];

describe('ruleFileDocument', () => {
  it('writes each rule in the key order of the Prometheus docs', () => {
    const [group] = ruleFileDocument(groups).groups;
    expect(group!.rules.map((r) => Object.keys(r))).toEqual([
      ['record', 'expr', 'labels'],
      ['alert', 'expr', 'for', 'labels', 'annotations'],
    ]);
  });

  it('names the namespace first for mimirtool, and only then', () => {
    expect(Object.keys(ruleFileDocument(groups, 'tenant-a'))).toEqual(['namespace', 'groups']);
    expect(Object.keys(ruleFileDocument(groups))).toEqual(['groups']);
  });
});
