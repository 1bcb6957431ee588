import { describe, expect, it } from 'vitest';
import { asTree, compileInput, compileOrThrow } from '@plotwatch/build/testing';
import { syntheticTenants } from '@plotwatch/platform';
import { staleAgainst } from './stale.ts';

const tenants = syntheticTenants(4);
const tree = asTree(compileOrThrow(tenants));

describe('staleAgainst: out/ against what the sources build', () => {
  it('is empty when out/ is what the sources build', () => {
    expect(staleAgainst(tree, compileInput(tenants))).toEqual([]);
  });

  it('names the files a changed source would change (a tenant threshold here)', () => {
    const changed = tenants.map((t, i) =>
      i === 0 ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: 0.5 } } : t,
    );
    const stale = staleAgainst(tree, compileInput(changed));
    expect(stale).toContain('prometheus/rules/thresholds.yaml (differs)');
    expect(stale).toContain('manifest.json (differs)');
  });

  it('names files a new tenant would add', () => {
    const stale = staleAgainst(tree, compileInput(syntheticTenants(5)));
    expect(stale.some((s) => s.includes('synthetic-0005') && s.endsWith('(missing)'))).toBe(true);
  });
});
