import { beforeAll, describe, expect, it } from 'vitest';
import { corpus } from './corpus.ts';
import { hasErrors } from './diagnostic.ts';
import { parse } from './parser.ts';
import { checkWithPromtool, promtoolVersion, type PromtoolVerdict } from './test-support.ts';

/**
 * Where `parse()` and Prometheus 2.42 part ways on purpose or by a limit of the lezer grammar, as
 * `[expr, reason]`; one that stops disagreeing fails the test below. None left: trailing-dot numbers, `offset`
 * as a metric name, two __name__ matchers and holt_winters read as in 2.42 since issue 18.
 */
const knownDisagreements: ReadonlyMap<string, string> = new Map<string, string>([]);

const cases = corpus.map((c, index) => ({ ...c, index }));

function parsesAsValid(expr: string): boolean {
  return !hasErrors(parse(expr).diagnostics);
}

describe('the corpus', () => {
  it('is large and has no duplicates', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.map((c) => c.expr)).size).toBe(corpus.length);
  });

  it('contains every known disagreement', () => {
    const exprs = new Set(corpus.map((c) => c.expr));
    expect([...knownDisagreements.keys()].filter((expr) => !exprs.has(expr))).toEqual([]);
  });
});

describe('parse() against the corpus marking', () => {
  it.each(cases.filter((c) => !knownDisagreements.has(c.expr)))('$expr', ({ expr, valid }) => {
    expect(parsesAsValid(expr)).toBe(valid);
  });

  it.each(cases)('reports positions inside the expression: $expr', ({ expr }) => {
    for (const d of parse(expr).diagnostics) {
      expect(0 <= d.from && d.from <= d.to && d.to <= expr.length, `${d.from}-${d.to} ${d.message}`).toBe(true);
    }
  });
});

const promtool = promtoolVersion();
const promtoolTitle = promtool
  ? `agreement with promtool ${promtool}`
  : 'agreement with promtool: SKIPPED, promtool is not installed (apt-get install prometheus)';

describe.skipIf(!promtool)(promtoolTitle, () => {
  let verdicts: PromtoolVerdict[] = [];
  beforeAll(() => {
    verdicts = checkWithPromtool(corpus.map((c) => c.expr));
  });

  function verdictAt(index: number): PromtoolVerdict {
    const verdict = verdicts[index];
    if (!verdict) throw new Error(`no promtool verdict for case ${index}`);
    return verdict;
  }

  it.each(cases)('promtool marks it as the corpus does: $expr', ({ index, valid, reason }) => {
    const verdict = verdictAt(index);
    expect(verdict.valid, verdict.error ?? `expected invalid: ${reason}`).toBe(valid);
  });

  it.each(cases)('parse() agrees with promtool: $expr', ({ expr, index }) => {
    const disagreement = knownDisagreements.get(expr);
    const verdict = verdictAt(index);
    const ours = parse(expr)
      .diagnostics.map((d) => d.message)
      .join('; ');
    // A known disagreement that went away must leave the list.
    expect(
      parsesAsValid(expr),
      `${disagreement ?? ''} promtool: ${verdict.error ?? 'valid'}; ours: ${ours || 'valid'}`,
    ).toBe(disagreement ? !verdict.valid : verdict.valid);
  });
});
