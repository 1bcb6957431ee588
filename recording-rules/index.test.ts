import { metricNamed, TIERS, tiers } from '@plotwatch/platform';
import { latencyWeights } from '@plotwatch/rules';
import { describe, expect, it } from 'vitest';
import { latencyQuantile, latencyQuantiles, recordingGroups, slos } from './index.ts';

const recordedIn = (expr: string) => [...expr.matchAll(/\b([a-z_]+:[A-Za-z0-9_]+:[a-z0-9_]+)\b/g)].map((m) => m[1]!);

describe('recording groups', () => {
  it('read only series recorded above them, so each evaluation sees fresh inputs', () => {
    const produced = new Set<string>();
    for (const group of recordingGroups) {
      for (const rule of group.rules) {
        for (const name of recordedIn(rule.expr))
          expect(produced, `${group.name}: ${rule.record} reads ${name}`).toContain(name);
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
  it("have unique ids and count every tier's latency threshold inside their histogram", () => {
    expect(new Set(slos.map((s) => s.spec.id)).size).toBe(slos.length);
    for (const { spec } of slos) {
      if (spec.sli.kind !== 'latency') continue;
      const buckets = metricNamed(spec.sli.histogram).buckets!;
      for (const tier of TIERS) {
        const fakeTenant = { slo: tiers[tier].slo } as Parameters<typeof spec.objective>[0];
        expect(() =>
          latencyWeights(
            (spec.sli as { thresholdSeconds: (t: typeof fakeTenant) => number }).thresholdSeconds(fakeTenant),
            buckets,
          ),
        ).not.toThrow();
      }
    }
  });
});

describe('latency quantiles', () => {
  it("record every tier's latency objective, so the UX panels read the percentile the tenant is promised", () => {
    for (const tier of TIERS) {
      expect(latencyQuantiles.interactions.quantiles).toContain(tiers[tier].slo.userInteraction.latency.objective);
      expect(latencyQuantiles.generation.quantiles).toContain(tiers[tier].slo.storyGeneration.latency.objective);
    }
  });

  it('name each percentile by its level, and refuse one nobody records', () => {
    expect(latencyQuantile(latencyQuantiles.requests, 0.95)).toBe(
      'tenant_service:http_request_duration_seconds:p95_rate5m',
    );
    expect(() => latencyQuantile(latencyQuantiles.requests, 0.75)).toThrow(
      /p75 of http_request_duration_seconds by \(tenant, service\) is not recorded/,
    );
  });

  it('keep the levels of the bucket recordings they read, plus le', () => {
    const rules = recordingGroups.flatMap((g) => g.rules);
    for (const set of Object.values(latencyQuantiles)) {
      const source = rules.find((r) => r.record === set.buckets)!;
      const kept = source.record.split(':')[0]!.split('_');
      for (const label of set.by) expect(kept, `${set.buckets} for ${set.by.join(', ')}`).toContain(label);
    }
  });
});
