import { run, writeTree } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleGroup } from '../model/model.ts';
import { ruleFileDocument } from './rule-file.ts';
import { toYaml } from './yaml-rules.ts';

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

describe('rule file fields newer than some targets', () => {
  const alert = { alert: 'Down', expr: 'up == 0', for: '5m', labels: {}, annotations: {} };
  const keepsFiring: RuleGroup = {
    name: 'plotwatch.kept',
    interval: '30s',
    limit: 10,
    rules: [{ ...alert, keepFiringFor: '10m' }],
  };
  const later: RuleGroup = {
    name: 'plotwatch.late',
    interval: '30s',
    queryOffset: '1m',
    labels: { team: 'ops' },
    rules: [alert],
  };
  const target = (version: '2.42' | '2.53' | '3.x') => ({ version, features: [] });

  it('are written in the order of the Prometheus docs, and only when set', () => {
    const [group] = ruleFileDocument([later], undefined, target('3.x')).groups;
    expect(Object.keys(group!)).toEqual(['name', 'interval', 'query_offset', 'labels', 'rules']);
    const [kept] = ruleFileDocument([keepsFiring]).groups;
    expect(Object.keys(kept!)).toEqual(['name', 'interval', 'limit', 'rules']);
    expect(Object.keys(kept!.rules[0]!)).toEqual(['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
  });

  it('keep_firing_for and limit pass the real promtool 2.42', { timeout: 30_000 }, async () => {
    const dir = await writeTree([['rules.yaml', toYaml(ruleFileDocument([keepsFiring], undefined, target('2.42')))]]);
    try {
      const check = await run('promtool', ['check', 'rules', join(dir, 'rules.yaml')], dir);
      expect(check.ok, check.output).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('query_offset and group labels are refused for 2.42, naming the group, the field and the version', () => {
    expect(() => ruleFileDocument([later], undefined, target('2.42'))).toThrow(
      'group plotwatch.late: query_offset needs Prometheus ≥ 2.53, and the target is Prometheus 2.42; ' +
        'group plotwatch.late: labels needs Prometheus ≥ 3.0, and the target is Prometheus 2.42',
    );
    expect(() => ruleFileDocument([later], undefined, target('2.53'))).toThrow(
      /^group plotwatch.late: labels needs Prometheus ≥ 3.0, and the target is Prometheus 2.53$/,
    );
  });
});
