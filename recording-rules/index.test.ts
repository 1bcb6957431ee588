import { metricNamed, TIERS, tiers } from '@plotwatch/platform';
import { latencyWeights } from '@plotwatch/rules';
import { describe, expect, it } from 'vitest';
import { recordingGroups, slos } from './index.ts';

const recordedIn = (expr: string) => [...expr.matchAll(/\b([a-z_]+:[A-Za-z0-9_]+:[a-z0-9_]+)\b/g)].map((m) => m[1]!);

describe('recording groups', () => {
  it('read only series recorded above them, so each evaluation sees fresh inputs', () => {
    const produced = new Set<string>();
    for (const group of recordingGroups) {
      for (const rule of group.rules) {
        for (const name of recordedIn(rule.expr)) expect(produced, `${group.name}: ${rule.record} reads ${name}`).toContain(name);
        produced.add(rule.record);
      }
    }
  });

  it('have unique names, which become their rule files', () => {
    const names = recordingGroups.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('SLO specs', () => {
  it('have unique ids and count every tier\'s latency threshold inside their histogram', () => {
    expect(new Set(slos.map((s) => s.spec.id)).size).toBe(slos.length);
    for (const { spec } of slos) {
      if (spec.sli.kind !== 'latency') continue;
      const buckets = metricNamed(spec.sli.histogram).buckets!;
      for (const tier of TIERS) {
        const fakeTenant = { slo: tiers[tier].slo } as Parameters<typeof spec.objective>[0];
        expect(() => latencyWeights((spec.sli as { thresholdSeconds: (t: typeof fakeTenant) => number }).thresholdSeconds(fakeTenant), buckets)).not.toThrow();
      }
    }
  });
});
