import { PROMETHEUS_VERSIONS, type PrometheusVersion } from '@plotwatch/platform';
import { DEFAULT_TARGET, formatFinding, lintSyntax, type PrometheusTarget } from '@plotwatch/promql';
import { parseCommand, UsageError, type CommandSpec } from './usage.ts';

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

/** Syntax and types of one expression for the target Prometheus (no catalog: the caller gives no context). */
export function lintExpression(expr: string, target: PrometheusTarget = DEFAULT_TARGET): LintResult {
  const errors = lintSyntax(expr, target).map((f) => ({ ...f, position: f.from }));
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
    'prometheus-version': {
      type: 'string',
      value: PROMETHEUS_VERSIONS.join('|'),
      default: DEFAULT_TARGET.version,
      description: 'the Prometheus the expressions must load in',
    },
    'enable-feature': {
      type: 'string',
      value: 'LIST',
      description: "that Prometheus' --enable-feature values, comma-separated",
    },
    json: {
      type: 'boolean',
      description: 'one {"expr","valid","errors":[{"check","message","position","from","to"}]} per line',
    },
  },
  examples: [
    "echo 'rate(x[5m])' | plotwatch lint-promql --json",
    "plotwatch lint-promql 'sum by (job) (up)'",
    "plotwatch lint-promql --prometheus-version 3.x --enable-feature promql-experimental-functions 'info(up)'",
  ],
} as const satisfies CommandSpec;

/** `plotwatch lint-promql [--json] [EXPR...]`: one result per expression; exit 1 when any is invalid. */
export async function lintPromql(args: string[]): Promise<number> {
  const parsed = parseCommand(LINT_PROMQL, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const version = values['prometheus-version'] as PrometheusVersion;
  if (!PROMETHEUS_VERSIONS.includes(version))
    throw new UsageError(`--prometheus-version must be one of ${PROMETHEUS_VERSIONS.join(', ')}, got "${version}"`);
  // Prometheus takes the flag as a comma-separated list, and repeated.
  const features = (values['enable-feature'] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const target: PrometheusTarget = { version, features };
  const input = positionals.length ? positionals : (await readStdin()).split('\n').filter((line) => line.trim() !== '');
  const results = input.map((expr) => lintExpression(expr, target));
  for (const r of results) console.log(values.json ? JSON.stringify(r) : plain(r));
  return results.every((r) => r.valid) ? 0 : 1;
}
