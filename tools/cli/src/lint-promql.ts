import { formatFinding, lintSyntax } from '@plotwatch/promql';
import { parseArgs } from 'node:util';

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

/** `plotwatch lint-promql [--json] [EXPR...]`: one result per expression; exit 1 when any is invalid. */
export async function lintPromql(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const input = positionals.length ? positionals : (await readStdin()).split('\n').filter((line) => line.trim() !== '');
  const results = input.map(lintExpression);
  for (const r of results) console.log(values.json ? JSON.stringify(r) : plain(r));
  return results.every((r) => r.valid) ? 0 : 1;
}
