import { formatFinding, lintSyntax } from '@plotwatch/promql';
import { parseCommand, type CommandSpec } from './usage.ts';

export interface LintResult {
  readonly expr: string;
  readonly valid: boolean;
  readonly errors: ReadonlyArray<{
    readonly check: string;
    readonly message: string;
    readonly position: number;
    readonly from: number;
    readonly to: number;
  }>;
}

/** Syntax and types of one expression (no catalog: the caller gives no context). */
export function lintExpression(expr: string): LintResult {
  const errors = lintSyntax(expr).map((f) => ({ ...f, position: f.from }));
  return { expr, valid: errors.length === 0, errors };
}

function plain(result: LintResult): string {
  if (result.valid) return `ok: ${result.expr}`;
  return result.errors.map((e) => formatFinding('invalid', result.expr, e)).join('\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const LINT_PROMQL = {
  name: 'lint-promql',
  summary: 'syntax and types of PromQL expressions, one per line on stdin or as arguments; exit 1 if any is invalid',
  positionals: '[EXPR...]',
  options: {
    json: {
      type: 'boolean',
      description: 'one {"expr","valid","errors":[{"check","message","position","from","to"}]} per line',
    },
  },
  examples: ["echo 'rate(x[5m])' | plotwatch lint-promql --json", "plotwatch lint-promql 'sum by (job) (up)'"],
} as const satisfies CommandSpec;

/** `plotwatch lint-promql [--json] [EXPR...]`: one result per expression; exit 1 when any is invalid. */
export async function lintPromql(args: string[]): Promise<number> {
  const parsed = parseCommand(LINT_PROMQL, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const input = positionals.length ? positionals : (await readStdin()).split('\n').filter((line) => line.trim() !== '');
  const results = input.map(lintExpression);
  for (const r of results) console.log(values.json ? JSON.stringify(r) : plain(r));
  return results.every((r) => r.valid) ? 0 : 1;
}
