import { sloObjectivePolicy, tiers, TIERS } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { burnRatePolicies } from './slo-policy.ts';

describe('the floor of SLO objectives', () => {
  it('lets some page of the burn-rate policy fire: its burn stays below every request failing', () => {
    const pageFactors = burnRatePolicies
      .filter((p) => p.severity === 'page')
      .flatMap((p) => p.windows.map((w) => w.factor));
    expect(Math.min(...pageFactors) * (1 - sloObjectivePolicy.min)).toBeLessThan(1);
  });

  it("holds every tier's objectives", () => {
    for (const tier of TIERS)
      for (const target of Object.values(tiers[tier].slo))
        for (const objective of [target.availability, target.latency.objective]) {
          expect(objective).toBeGreaterThanOrEqual(sloObjectivePolicy.min);
          expect(objective).toBeLessThan(1);
        }
  });
});
