import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpus } from './corpus.ts';
import { hasErrors } from './diagnostic.ts';
import { parse } from './parser.ts';

/*
 * The real Prometheus parser, reached through `promtool check rules`, is the oracle. All
 * expressions go into one rule file as recording rules, so one promtool run checks them all:
 * promtool reports every failing rule with its index. Recording rules are checked by parsing
 * alone (a string or scalar result passes), so a verdict is the parser's verdict on the
 * expression and nothing else.
 */
interface PromtoolVerdict {
  readonly valid: boolean;
  /** promtool's message, for a rejected expression. */
  readonly error?: string;
}

const PROMTOOL = 'promtool';
const GROUP = 'corpus';

function promtoolVersion(): string | undefined {
  const run = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) return undefined;
  return /version (\S+)/.exec(run.stdout + run.stderr)?.[1];
}

/** One group, one recording rule per expression; JSON strings are valid YAML scalars. */
function ruleFile(exprs: readonly string[]): string {
  const rules = exprs.map((expr, i) => `      - record: r${i}\n        expr: ${JSON.stringify(expr)}\n`);
  return `groups:\n  - name: ${GROUP}\n    rules:\n${rules.join('')}`;
}

/** promtool numbers rules from 1: `group "corpus", rule 3, "r2": could not parse expression: ...`. */
const RULE_ERROR = new RegExp(`group "${GROUP}", rule (\\d+), "r\\d+": (?:could not parse expression: )?(.*)$`);

function errorsByRule(output: string): Map<number, string> {
  const errors = new Map<number, string>();
  for (const line of output.split('\n')) {
    const match = RULE_ERROR.exec(line);
    if (match?.[1] && match[2] !== undefined) errors.set(Number(match[1]) - 1, match[2]);
  }
  return errors;
}

function checkWithPromtool(exprs: readonly string[]): PromtoolVerdict[] {
  const dir = mkdtempSync(join(tmpdir(), 'promql-oracle-'));
  try {
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, ruleFile(exprs));
    const run = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8' });
    if (run.error) throw run.error;
    const errors = errorsByRule(run.stdout + run.stderr);
    // A failure that names no rule (YAML, promtool itself) would make every verdict a lie.
    if (run.status !== 0 && errors.size === 0)
      throw new Error(`promtool failed without naming a rule:\n${run.stdout}${run.stderr}`);
    return exprs.map((_, i) => {
      const error = errors.get(i);
      return error === undefined ? { valid: true } : { valid: false, error };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where `parse()` and Prometheus 2.42 part ways on purpose or by a limit of the lezer grammar. */
const knownDisagreements: ReadonlyMap<string, string> = new Map([
  [
    'holt_winters(up[1h], 0.5, 0.5)',
    'lezer-promql follows Prometheus 3, which renamed holt_winters to double_exponential_smoothing: the old name is rejected, and should be, as Prometheus 3 rejects it too',
  ],
  ['5.', "lezer-promql's number token needs a digit after the point; Go's lexer takes `5.` as 5"],
  ['offset', 'lezer-promql always reads `offset` as the keyword; Go takes it for a metric name when nothing follows'],
  [
    '{__name__="up", __name__="down"}',
    "codemirror-promql's linter rejects two __name__ matchers; Go 2.42 accepts them (the selector can match nothing)",
  ],
]);

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
