import { describe, expect, it } from 'vitest';
import type { ArtifactEntry } from './artifacts.ts';
import { balancedBatches, manifestChanges, proofsOf, promtoolVerdicts, selectProofs } from './proof-selection.ts';

const entry = (path: string, tenant?: string, sha256 = 'a'): ArtifactEntry => ({
  path,
  kind: path.endsWith('.test.json') ? 'promtool-test' : 'prometheus-rules',
  source: 'alerts/x',
  sha256,
  ...(tenant ? { tenant } : {}),
});

// A label tenant (t-label, in the shared files) and a Mimir tenant (t-mimir, files of its own).
const proofs = proofsOf([
  entry('prometheus/rules/alerts-ai.yaml'),
  entry('prometheus/tests/ai/Drift.test.json'),
  entry('prometheus/tests/slo/Burn.2h.test.json'),
  entry('prometheus/tests/slo/Burn.30m.test.json'),
  entry('prometheus/tests/mimir/t-mimir/Drift.test.json', 't-mimir'),
]);
const tenants = ['t-label', 't-mimir'];
const paths = (selector: Parameters<typeof selectProofs>[1]) => {
  const selected = selectProofs(proofs, selector, tenants);
  return selected.ok ? selected.proofs.map((p) => p.path) : selected.errors;
};

describe('selectProofs', () => {
  it.each([
    ['nothing selected: every test file', { alerts: [], tenants: [] }, 4],
    [
      'an alert: its files of every step and tenant',
      { alerts: ['Burn'], tenants: [] },
      ['prometheus/tests/slo/Burn.2h.test.json', 'prometheus/tests/slo/Burn.30m.test.json'],
    ],
    [
      'a Mimir tenant: its own files only',
      { alerts: [], tenants: ['t-mimir'] },
      ['prometheus/tests/mimir/t-mimir/Drift.test.json'],
    ],
    [
      'a label tenant: the shared files',
      { alerts: ['Drift'], tenants: ['t-label'] },
      ['prometheus/tests/ai/Drift.test.json'],
    ],
    [
      'changed: only those',
      { alerts: [], tenants: [], changed: ['prometheus/tests/slo/Burn.30m.test.json'] },
      ['prometheus/tests/slo/Burn.30m.test.json'],
    ],
  ] as const)('%s', (_, selector, expected) => {
    const got = paths(selector);
    if (typeof expected === 'number') expect(got).toHaveLength(expected);
    else expect(got).toEqual(expected);
  });

  it('refuses unknown alerts and tenants, each with the nearest name', () => {
    expect(paths({ alerts: ['Drfit', 'Burn.2h'], tenants: ['t-mimr'] })).toEqual([
      'unknown alert "Drfit" (did you mean Drift?); the alerts with proofs are in out/prometheus/tests/',
      'unknown alert "Burn.2h" (did you mean Burn?); the alerts with proofs are in out/prometheus/tests/',
      'unknown tenant "t-mimr" (did you mean t-mimir?)',
    ]);
  });
});

describe('manifestChanges', () => {
  it('lists new and re-hashed paths as changed, vanished ones as removed; no previous manifest: all new', () => {
    const before = [entry('a'), entry('b'), entry('gone')];
    const after = [entry('a'), entry('b', undefined, 'b2'), entry('new')];
    expect(manifestChanges(before, after)).toEqual({ changed: ['b', 'new'], removed: ['gone'] });
    expect(manifestChanges(undefined, after)).toEqual({ changed: ['a', 'b', 'new'], removed: [] });
    // Every path written again, and one more: nothing removed.
    expect(manifestChanges(before, [...after, entry('gone')])).toEqual({ changed: ['b', 'new'], removed: [] });
  });
});

describe('balancedBatches', () => {
  const cost = (n: number) => n;
  it('spreads the cost evenly, the costliest group first, never an empty group', () => {
    expect(balancedBatches([1, 9, 2, 8, 3, 3], cost, 2)).toEqual([
      [9, 3, 1],
      [8, 3, 2],
    ]);
    expect(balancedBatches([5, 1], cost, 6)).toEqual([[5], [1]]);
    expect(balancedBatches([], cost, 3)).toEqual([]);
  });
});

describe('promtoolVerdicts', () => {
  it("reads promtool's combined output file by file", () => {
    const output = [
      'Unit Testing:  a.test.json',
      '  SUCCESS',
      '',
      'Unit Testing:  b.test.json',
      '  FAILED:',
      '    name: x,',
      '        exp:[]',
      '',
    ].join('\n');
    expect(promtoolVerdicts(output)).toEqual([
      { file: 'a.test.json', ok: true, text: 'SUCCESS' },
      { file: 'b.test.json', ok: false, text: 'FAILED:\n    name: x,\n        exp:[]' },
    ]);
  });
});
