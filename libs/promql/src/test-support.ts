/**
 * The real Prometheus parser, reached through `promtool check rules`, as the oracle of the corpus tests and of
 * the tool that labels the public corpus (tools/scripts/promql-corpus.ts). All expressions go into one rule
 * file as recording rules, so one promtool run checks them all: promtool reports every failing rule with its
 * index. Recording rules are checked by parsing alone (a string or scalar result passes), so a verdict is the
 * parser's verdict on the expression and nothing else.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PromtoolVerdict {
  readonly valid: boolean;
  /** promtool's message, for a rejected expression. */
  readonly error?: string;
}

const PROMTOOL = process.env['PROMTOOL'] ?? 'promtool';
const GROUP = 'corpus';

/** The version of the promtool on the PATH (`2.42.0+ds`), or undefined when there is none. */
export function promtoolVersion(): string | undefined {
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

export function checkWithPromtool(exprs: readonly string[]): PromtoolVerdict[] {
  const dir = mkdtempSync(join(tmpdir(), 'promql-oracle-'));
  try {
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, ruleFile(exprs));
    const run = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
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
