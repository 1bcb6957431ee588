/**
 * parse() against a corpus nobody here wrote: the expressions of Prometheus' own parser, printer, prettier and
 * evaluation tests (v2.42.0 up to main) and of public rule collections (the monitoring mixins as
 * monitoring.mixins.dev and kube-prometheus ship them, awesome-prometheus-alerts), each labelled by the real
 * promtool 2.42 and kept with where it was found (corpus/public.jsonl; tools/scripts/promql-corpus.ts
 * regenerates it from clones of those repositories).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasErrors } from './diagnostic.ts';
import { parse } from './parser.ts';
import { checkWithPromtool, promtoolVersion } from './test-support.ts';

interface PublicCase {
  readonly expr: string;
  /** promtool 2.42's verdict. */
  readonly valid: boolean;
  /** promtool's message, for a rejected expression. */
  readonly error?: string;
  /** Found in a public rule collection, not only in Prometheus' tests. */
  readonly rules?: boolean;
  /** `owner/name@ref:path`, every place it was found. */
  readonly sources: readonly string[];
}

const MIN_AGREEMENT = 0.999;

/**
 * Where parse() and promtool 2.42 part ways, each with the reason; one that stops disagreeing fails. Empty:
 * every expression of the corpus gets promtool's verdict.
 */
const knownDisagreements: ReadonlyMap<string, string> = new Map<string, string>([]);

const [header, ...lines] = readFileSync(new URL('./corpus/public.jsonl', import.meta.url), 'utf8')
  .trimEnd()
  .split('\n');
const labelledBy = (JSON.parse(header ?? '{}') as { labelledBy?: string }).labelledBy ?? 'promtool';
const cases = lines.map((line) => JSON.parse(line) as PublicCase);

function ours(expr: string): { valid: boolean; message: string } {
  const diagnostics = parse(expr).diagnostics;
  return { valid: !hasErrors(diagnostics), message: diagnostics.map((d) => d.message).join('; ') || 'valid' };
}

const verdicts = cases.map((c) => ({ ...c, ours: ours(c.expr) }));
const disagreements = verdicts.filter((v) => v.ours.valid !== v.valid);
const agreement = 1 - disagreements.length / cases.length;
const percent = `${(100 * agreement).toFixed(2)}%`;

function describeCase(v: (typeof verdicts)[number]): string {
  return `${JSON.stringify(v.expr)} (${v.sources[0]}): promtool ${v.error ?? 'valid'}; ours: ${v.ours.message}`;
}

describe(`agreement with ${labelledBy} on ${cases.length} public expressions: ${percent}`, () => {
  it('is a corpus of thousands of expressions, each once, each with its source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(cases.map((c) => c.expr)).size).toBe(cases.length);
    expect(cases.filter((c) => c.sources.length === 0)).toEqual([]);
    expect(cases.filter((c) => c.rules).length).toBeGreaterThanOrEqual(1000);
  });

  it(`agrees on at least ${100 * MIN_AGREEMENT}%`, () => {
    expect(agreement).toBeGreaterThanOrEqual(MIN_AGREEMENT);
  });

  it('disagrees nowhere but where the list says, with a reason', () => {
    expect(disagreements.filter((v) => !knownDisagreements.has(v.expr)).map(describeCase)).toEqual([]);
  });

  it.each([...knownDisagreements])('still disagrees on %s (%s)', (expr) => {
    expect(disagreements.map((v) => v.expr)).toContain(expr);
  });

  it("rejects none of the public rule collections' expressions that promtool accepts", () => {
    expect(verdicts.filter((v) => v.rules && v.valid && !v.ours.valid).map(describeCase)).toEqual([]);
  });
});

const promtool = promtoolVersion();

describe.skipIf(!promtool)(`the labels are promtool ${promtool ?? '(not installed)'}'s verdicts`, () => {
  it('for every expression', () => {
    const now = checkWithPromtool(cases.map((c) => c.expr));
    const changed = cases.filter((c, i) => now[i]?.valid !== c.valid).map((c) => c.expr);
    expect(changed).toEqual([]);
  });
});
